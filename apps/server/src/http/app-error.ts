import { type ErrorCode, errorTable } from '@gongzhi/contracts';

/** The one error type: a code from the contracts' table, an optional specific message and details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly messageEn: string | undefined;

  constructor(code: ErrorCode, message?: string, details?: unknown, messageEn?: string) {
    super(message ?? errorTable[code].zh);
    this.code = code;
    this.details = details;
    this.messageEn = messageEn;
  }

  get status(): number {
    return errorTable[this.code].status;
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND') => new AppError(code);
