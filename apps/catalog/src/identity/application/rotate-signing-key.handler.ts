import { Injectable } from '@nestjs/common';
import { SigningKeys } from './signing-keys';

/** Operator-triggered key rotation (e.g. suspected key exposure); scheduled rotation is automatic. */
@Injectable()
export class RotateSigningKeyHandler {
  constructor(private readonly keys: SigningKeys) {}

  execute(): Promise<{ kid: string; retiredKid: string | null }> {
    return this.keys.rotate();
  }
}
