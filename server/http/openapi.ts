/** OpenAPI 3.1 description of the HTTP API; the socket protocol is in docs/protocol.md. */
const errorBody = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: { code: { type: 'string', examples: ['AUTH.INVALID', 'VALIDATION.FAILED'] }, message: { type: 'string' } }
		}
	}
} as const;

export const openApiDocument = {
	openapi: '3.1.0',
	info: { title: 'HallQ API', version: '0.1.0', description: 'Queue management for government service halls.' },
	paths: {
		'/api/health': {
			get: {
				summary: 'Liveness and readiness',
				responses: {
					'200': { description: 'serving', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' }, halls: { type: 'array', items: { type: 'string' } } } } } } },
					'503': { description: 'shutting down' }
				}
			}
		},
		'/api/login': {
			post: {
				summary: 'Staff sign-in; returns a signed session for the Socket.IO handshake ({ auth: { session } })',
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								type: 'object',
								additionalProperties: false,
								required: ['hall', 'staff', 'password'],
								properties: { hall: { type: 'string' }, staff: { type: 'string' }, password: { type: 'string' } }
							}
						}
					}
				},
				responses: {
					'200': {
						description: 'signed in',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['session', 'expiresAt', 'staff', 'hall'],
									properties: {
										session: { type: 'string' },
										expiresAt: { type: 'integer', description: 'epoch ms' },
										staff: { type: 'object' },
										hall: { type: 'object' }
									}
								}
							}
						}
					},
					'400': { description: 'malformed body', content: { 'application/json': { schema: errorBody } } },
					'401': { description: 'wrong hall, staff id or password', content: { 'application/json': { schema: errorBody } } },
					'429': { description: 'too many attempts (AUTH.RATE_LIMITED)', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI document' } } } }
	}
} as const;
