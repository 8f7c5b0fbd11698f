import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldError } from '@dx/contracts';

/** Flattens class-validator's tree into one entry per offending field, with every reason. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ path, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/** Unknown fields are refused (not silently dropped), and every offending field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new AppError(
        'invalid',
        'REQUEST.INVALID',
        `${fieldErrors.length} invalid field${fieldErrors.length === 1 ? '' : 's'}: ${[...new Set(fieldErrors.map((f) => f.path))].join(', ')}`,
        fieldErrors,
      );
    },
  });
}
