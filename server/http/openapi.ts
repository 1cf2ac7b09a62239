/** OpenAPI 3.1 description of the HTTP API; the socket protocol is in docs/protocol.md. */
import { reportPaths } from './openapi-reports';
import { assessmentPaths } from './openapi-assessment';
import { auditPaths } from './openapi-audit';
import { configPaths } from './openapi-config';

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

const profile = {
	type: 'object',
	required: ['expiresAt', 'staff', 'hall'],
	properties: {
		session: { type: 'string', description: 'only when the request asked for it (bearer: true) or was made with a bearer token' },
		expiresAt: { type: 'integer', description: 'epoch ms' },
		staff: { type: 'object' },
		hall: { type: 'object' }
	}
} as const;

const deviceBody = {
	required: true,
	content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['device'], properties: { device: { type: 'string' } } } } }
} as const;

const revoked = { type: 'object', properties: { device: { type: 'string' }, at: { type: 'integer' }, by: { type: 'string' } } } as const;

const rateLimited = {
	description: 'RATE.LIMITED: too many requests from this client address (docs/security.md "Rate limits"); nothing was done',
	headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
	content: { 'application/json': { schema: errorBody } }
} as const;

type Operation = { responses: Record<string, unknown> };
type Paths = Record<string, Partial<Record<'get' | 'post', Operation>>>;

/** Every route but the probes answers 429 past its client address's bucket. */
function withRateLimit<P extends Paths>(paths: P): P {
	const probes = new Set(['/api/health', '/api/ready']);
	const out: Paths = {};
	for (const [path, ops] of Object.entries(paths)) {
		out[path] = probes.has(path) ? ops : Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, { ...op, responses: { ...op.responses, '429': op.responses['429'] ?? rateLimited } }]));
	}
	return out as P;
}

export const openApiDocument = {
	openapi: '3.1.0',
	info: { title: 'HallQ API', version: '0.1.0', description: 'Queue management for government service halls.' },
	paths: withRateLimit({
		'/api/health': {
			get: {
				summary: 'Liveness: the process answers (readiness: /api/ready)',
				responses: {
					'200': {
						description: 'serving; `lifecycle` tells whether closed hall-days are being archived (null when this process runs no lifecycle)',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									properties: {
										ok: { type: 'boolean' },
										halls: { type: 'array', items: { type: 'string' } },
										lifecycle: {
											type: ['object', 'null'],
											properties: {
												lastRoundAt: { type: ['integer', 'null'] },
												archived: { type: 'integer' },
												dropped: { type: 'integer' },
												failing: {
													type: 'array',
													items: {
														type: 'object',
														properties: { hall: { type: 'string' }, day: { type: 'string' }, code: { type: 'string' }, since: { type: 'integer' }, attempts: { type: 'integer' } }
													}
												}
											}
										}
									}
								}
							}
						}
					},
					'503': { description: 'shutting down' }
				}
			}
		},
		'/api/ready': {
			get: {
				summary: 'Readiness: the live store takes a write, the archive and the security store answer a read, within HALLQ_READY_TIMEOUT_MS; no hall-day failing to archive for longer than HALLQ_READY_ARCHIVE_LAG_HOURS',
				responses: {
					'200': { description: 'ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Ready' } } } },
					'503': { description: 'not ready (a check failed: STORE.TIMEOUT, STORE.UNAVAILABLE, ARCHIVE.LAGGING), or shutting down (SERVER.CLOSING)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Ready' } } } }
				}
			}
		},
		'/api/login': {
			post: {
				summary: 'Staff sign-in: sets the httpOnly session cookie the Socket.IO handshake reads; with bearer: true also returns the session token (tools)',
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								type: 'object',
								additionalProperties: false,
								required: ['hall', 'staff', 'password'],
								properties: { hall: { type: 'string' }, staff: { type: 'string' }, password: { type: 'string' }, bearer: { type: 'boolean' } }
							}
						}
					}
				},
				responses: {
					'200': {
						description: 'signed in',
						content: {
							'application/json': {
								schema: profile
							}
						}
					},
					'400': { description: 'malformed body', content: { 'application/json': { schema: errorBody } } },
					'401': { description: 'wrong hall, staff id or password', content: { 'application/json': { schema: errorBody } } },
					'403': { description: 'from another site (AUTH.CROSS_SITE)', content: { 'application/json': { schema: errorBody } } },
					'423': { description: 'account locked after 5 wrong passwords (AUTH.LOCKED)', content: { 'application/json': { schema: errorBody } } },
					'429': { description: 'too many attempts from this address (AUTH.RATE_LIMITED)', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/session': {
			get: {
				summary: 'Who the session cookie (or Authorization: Bearer) signs in',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				responses: {
					'200': { description: 'signed in', content: { 'application/json': { schema: profile } } },
					'401': { description: 'AUTH.REQUIRED or AUTH.INVALID', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/logout': {
			post: {
				summary: 'Sign out on this browser: clears the session cookie',
				responses: { '200': { description: 'cookie cleared' }, '403': { description: 'AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } } }
			}
		},
		'/api/logout-everywhere': {
			post: {
				summary: 'Sign out everywhere: ends every session of the signed-in staff member and disconnects their sockets on every process',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				responses: {
					'200': { description: 'every session ended, cookie cleared' },
					'401': { description: 'AUTH.REQUIRED or AUTH.INVALID', content: { 'application/json': { schema: errorBody } } },
					'403': { description: 'AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/password': {
			post: {
				summary: 'Change one’s password (current one required); other sessions end, a new cookie is set',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: { type: 'object', additionalProperties: false, required: ['current', 'next'], properties: { current: { type: 'string' }, next: { type: 'string', minLength: 10 } } }
						}
					}
				},
				responses: {
					'200': { description: 'changed', content: { 'application/json': { schema: profile } } },
					'400': { description: 'PASSWORD.WEAK (fewer than 10 characters, the staff id or the current password) or VALIDATION.FAILED', content: { 'application/json': { schema: errorBody } } },
					'401': { description: 'AUTH.INVALID: wrong current password (counts towards the lockout)', content: { 'application/json': { schema: errorBody } } },
					'403': { description: 'AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } },
					'423': { description: 'AUTH.LOCKED', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/devices/revoke': {
			post: {
				summary: 'Admins: revoke a device token (refused at every handshake; its connections are closed)',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				requestBody: deviceBody,
				responses: {
					'200': { description: 'revoked', content: { 'application/json': { schema: revoked } } },
					'403': { description: 'AUTH.FORBIDDEN (not an admin) or AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } },
					'404': { description: 'DEVICE.NOT_FOUND', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/devices/token': {
			post: {
				summary: 'Admins: make a token for a device, shown in this answer only (replace: revoke its other tokens first)',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				requestBody: {
					required: true,
					content: { 'application/json': { schema: { type: 'object', required: ['device'], properties: { device: { type: 'string' }, replace: { type: 'boolean', default: false } } } } }
				},
				responses: {
					'200': {
						description: 'the token',
						content: { 'application/json': { schema: { type: 'object', properties: { device: { type: 'string' }, token: { type: 'string' }, issuedAt: { type: 'integer' }, replaced: { type: 'integer' } } } } }
					},
					'403': { description: 'AUTH.FORBIDDEN (not an admin) or AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } },
					'404': { description: 'DEVICE.NOT_FOUND', content: { 'application/json': { schema: errorBody } } },
					'503': { description: 'DEVICE.NO_REGISTRY: no relational store', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/devices/tokens': {
			get: {
				summary: 'Admins: the tokens the server issued for the hall’s devices (never a token or its hash)',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				responses: {
					'200': {
						description: 'issued tokens, oldest first',
						content: {
							'application/json': {
								schema: {
									type: 'array',
									items: { type: 'object', properties: { device: { type: 'string' }, issuedAt: { type: 'integer' }, issuedBy: { type: 'string' }, revokedAt: { type: ['integer', 'null'] }, revokedBy: { type: ['string', 'null'] }, keys: { type: 'array', items: { type: 'string' } } } }
								}
							}
						}
					},
					'403': { description: 'AUTH.FORBIDDEN', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/devices/restore': {
			post: {
				summary: 'Admins: take back the revocation of a device token',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				requestBody: deviceBody,
				responses: {
					'200': { description: 'restored (false: it was not revoked)', content: { 'application/json': { schema: { type: 'object', properties: { device: { type: 'string' }, restored: { type: 'boolean' } } } } } },
					'403': { description: 'AUTH.FORBIDDEN or AUTH.CROSS_SITE', content: { 'application/json': { schema: errorBody } } },
					'404': { description: 'DEVICE.NOT_FOUND', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		'/api/devices/revoked': {
			get: {
				summary: 'Admins: the hall’s revoked device tokens',
				security: [{ sessionCookie: [] }, { bearer: [] }],
				responses: {
					'200': { description: 'revoked devices', content: { 'application/json': { schema: { type: 'array', items: revoked } } } },
					'403': { description: 'AUTH.FORBIDDEN', content: { 'application/json': { schema: errorBody } } }
				}
			}
		},
		...reportPaths,
		...assessmentPaths,
		...auditPaths,
		...configPaths,
		'/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI document' } } } }
	}),
	components: {
		schemas: {
			Error: errorBody,
			Ready: {
				type: 'object',
				required: ['ready', 'checks'],
				properties: {
					ready: { type: 'boolean' },
					checks: {
						type: 'array',
						items: { type: 'object', properties: { name: { type: 'string', enum: ['store', 'archive', 'security', 'lifecycle'] }, ok: { type: 'boolean' }, ms: { type: 'integer' }, code: { type: ['string', 'null'] } } }
					}
				}
			}
		},
		securitySchemes: {
			sessionCookie: { type: 'apiKey', in: 'cookie', name: 'hallq_session', description: 'Set by POST /api/login: HttpOnly, SameSite=Strict, Secure behind https' },
			bearer: { type: 'http', scheme: 'bearer', description: 'The session token from POST /api/login with bearer: true (tools, not browsers)' }
		}
	}
} as const;
