/** Who caused a change: the token subject (participant id or the operator's client id) and role. */
export interface ActorV1 {
  subject: string;
  role: 'operator' | 'participant' | 'auditor' | 'dashboard';
}

export const actorSchema = {
  type: 'object',
  required: ['subject', 'role'],
  properties: {
    subject: { type: 'string', minLength: 1 },
    role: { enum: ['operator', 'participant', 'auditor', 'dashboard'] },
  },
} as const;

export const exampleOperator: ActorV1 = { subject: 'platform-operator', role: 'operator' };
export const exampleParticipantId = '3f1e7a52-8c3b-4a51-9d0e-5b2f1c9a7e10';
