import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
} from '@nestjs/common';
import type { Logger } from '@dx/observability';
import type { Request, Response } from 'express';
import { AppError } from '@dx/contracts';
import { HTTP_STATUS, PLATFORM_LOGGER } from '@dx/service-kit';
import { PlatformRefusal } from '../../platform/application/platform-api';
import { dspError, type DspErrorType } from '../domain/messages';

/**
 * DSP answers errors with its own bodies (CatalogError, ContractNegotiationError, TransferError),
 * not problem documents: a peer's connector parses those. The reasons name each offending field
 * and why, as our problem documents do; the code is our stable one. Which error type comes from the
 * route: catalogue, negotiation or transfer.
 */
@Catch()
export class DspErrorFilter implements ExceptionFilter {
  constructor(@Inject(PLATFORM_LOGGER) private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const type: DspErrorType = req.path.includes('/negotiations')
      ? 'ContractNegotiationError'
      : req.path.includes('/transfers')
        ? 'TransferError'
        : 'CatalogError';
    const pids = {
      ...(typeof req.params?.pid === 'string' ? { providerPid: req.params.pid } : {}),
      ...(typeof (req.body as { consumerPid?: unknown } | undefined)?.consumerPid === 'string'
        ? { consumerPid: (req.body as { consumerPid: string }).consumerPid }
        : {}),
    };
    let status = 500;
    let code = 'DSP.INTERNAL';
    let reasons = ['the gateway failed; the error is logged with this request'];
    if (err instanceof AppError) {
      status = HTTP_STATUS[err.kind];
      code = err.code;
      reasons = [err.message, ...err.errors.map((e) => `${e.path}: ${e.message}`)];
    } else if (err instanceof PlatformRefusal) {
      status = err.status;
      code = err.code;
      reasons = [err.detail, ...err.errors.map((e) => `${e.path}: ${e.message}`)];
    } else if (err instanceof HttpException) {
      status = err.getStatus();
      code = `HTTP.${status}`;
      reasons = [err.message];
    }
    if (status >= 500) this.logger.error({ err, path: req.path }, 'DSP request failed');
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="dx-dsp"');
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify(dspError(type, { code, reasons, ...pids })));
  }
}
