import type { z } from 'zod';
import { DomainError } from '../core/errors';
import type { Ack } from './contract';

/** Turns any failure into an error ack: domain errors keep their code, anything else says only INTERNAL. */
export function errorAck(err: unknown): Ack<never> {
	if (err instanceof DomainError) return { ok: false, error: { code: err.code, message: err.message } };
	return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
}

export function validationMessage(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
		.join('; ');
}
