import {
  type PipeTransform,
  type ArgumentMetadata,
  ParseIntPipe,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { Duration } from 'luxon';
import { AppError, type FieldError } from '@dx/contracts';
import { assertNoNulCharacters } from './hostile-input';

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

/** Refuses NUL characters in bodies, queries and path parameters before the DTO checks run. */
class PlatformValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param')
      assertNoNulCharacters(value, metadata.data ?? '');
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused (not silently dropped), and every offending field is named. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
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

/** A path parameter that must be a UUID; a bad one is a 400 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () =>
      new AppError('invalid', 'REQUEST.INVALID', `${name} is not a UUID`, [
        { path: name, message: 'must be a UUID' },
      ]),
  });
}

/** A path parameter that must be one of a fixed set of words (a command, a kind). */
export function oneOfParam<T extends string>(
  name: string,
  allowed: readonly T[],
): PipeTransform<string, T> {
  return {
    transform(value: string): T {
      if ((allowed as readonly string[]).includes(value)) return value as T;
      throw new AppError(
        'invalid',
        'REQUEST.INVALID',
        `${name} is not one of ${allowed.join(', ')}`,
        [{ path: name, message: `must be one of ${allowed.join(', ')}` }],
      );
    },
  };
}

/** A path parameter that must be a positive integer. */
export function positiveIntParam(name: string): ParseIntPipe {
  return new ParseIntPipe({
    exceptionFactory: () =>
      new AppError('invalid', 'REQUEST.INVALID', `${name} is not an integer`, [
        { path: name, message: 'must be a positive integer' },
      ]),
  });
}

/** A positive ISO-8601 duration such as `PT1H`, `P1D` or `P1M`. */
export function IsIsoDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDuration',
      validator: {
        validate: (v: unknown) => {
          if (typeof v !== 'string') return false;
          const d = Duration.fromISO(v);
          return d.isValid && d.toMillis() > 0;
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a positive ISO-8601 duration such as PT1H, P1D or P1M`,
      },
    },
    options,
  );
}
