/** The OpenAPI description of /api/config… (server/http/config-routes.ts; docs/protocol.md "HTTP"). */
const errorRef = { $ref: '#/components/schemas/Error' } as const;
const security = [{ sessionCookie: [] }, { bearer: [] }];
const json = (schema: object) => ({ 'application/json': { schema } });
const q = (name: string, description: string, required = false) => ({ name, in: 'query', required, description, schema: { type: 'integer', minimum: 1 } });

const info = {
	type: 'object',
	properties: {
		hall: { type: 'string' },
		version: { type: 'integer' },
		at: { type: 'integer' },
		author: { type: 'string' },
		reason: { type: 'string' },
		source: { type: 'string', enum: ['file', 'edit', 'rollback'] },
		restores: { type: ['integer', 'null'] },
		digest: { type: 'string' }
	}
} as const;

const saved = {
	type: 'object',
	properties: {
		saved: { type: 'boolean', description: 'false: the configuration equals the latest, no version was made' },
		version: info,
		applied: { description: 'true: in force now; { code: CONFIG.IN_USE, message }: saved, in force from the next day', oneOf: [{ const: true }, { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } }] }
	}
} as const;

const invalid = {
	type: 'object',
	properties: {
		error: {
			type: 'object',
			properties: {
				code: { const: 'CONFIG.INVALID' },
				message: { type: 'string' },
				problems: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' }, zh: { type: 'string' } } } }
			}
		}
	}
} as const;

const refusals = {
	'400': { description: 'VALIDATION.FAILED', content: json(errorRef) },
	'401': { description: 'AUTH.REQUIRED / AUTH.INVALID', content: json(errorRef) },
	'403': { description: 'AUTH.FORBIDDEN: not an admin of the hall (or AUTH.CROSS_SITE)', content: json(errorRef) },
	'404': { description: 'CONFIG.NOT_FOUND', content: json(errorRef) }
};

const saving = {
	'200': { description: 'saved (and in force, or from the next day)', content: json(saved) },
	'409': { description: 'CONFIG.CONFLICT: another version was saved since `basedOn`', content: json(errorRef) },
	'422': { description: 'CONFIG.INVALID: every problem at its field, in English and Chinese', content: json(invalid) },
	...refusals
};

const post = (summary: string, properties: object, required: string[]) => ({
	post: { summary, security, requestBody: { required: true, content: json({ type: 'object', additionalProperties: false, required, properties }) }, responses: saving }
});

export const configPaths = {
	'/api/config': {
		get: {
			summary: 'Admins: the hall’s latest configuration version (or `version`) and the one in force today',
			security,
			parameters: [q('version', 'a version of the hall; default the latest')],
			responses: { '200': { description: 'the version with its configuration, and `inForce`', content: json({ ...info, properties: { ...info.properties, config: { type: 'object' }, inForce: { type: ['integer', 'null'] } } }) }, ...refusals }
		},
		...post('Admins: save a change as the next version, in force at once', { config: { type: 'object' }, basedOn: { type: ['integer', 'null'] }, reason: { type: 'string', maxLength: 500 } }, ['config', 'basedOn', 'reason'])
	},
	'/api/config/versions': {
		get: {
			summary: 'Admins: the hall’s configuration versions, newest first',
			security,
			parameters: [q('before', 'only versions older than this'), { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
			responses: { '200': { description: 'versions', content: json({ type: 'array', items: info }) }, ...refusals }
		}
	},
	'/api/config/compare': {
		get: {
			summary: 'Admins: what changed from one version to another (entries matched by id; hashes only named)',
			security,
			parameters: [q('from', 'a version', true), q('to', 'a version', true)],
			responses: {
				'200': { description: 'changes', content: json({ type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, kind: { type: 'string', enum: ['added', 'removed', 'changed'] }, before: {}, after: {}, hidden: { type: 'boolean' } } } }) },
				...refusals
			}
		}
	},
	'/api/config/export': {
		get: {
			summary: 'Admins: the hall file of a version (the latest by default), byte for byte as config/*.json are written',
			security,
			parameters: [q('version', 'a version of the hall')],
			responses: { '200': { description: 'the hall file', content: json({ type: 'object' }) }, ...refusals }
		}
	},
	'/api/config/rollback': post('Admins: version `to` again, as a new version that restores it', { to: { type: 'integer' }, basedOn: { type: 'integer' }, reason: { type: 'string', maxLength: 500 } }, ['to', 'basedOn', 'reason']),
	'/api/config/import': post('Admins: a hall file’s text as the next version (source file)', { file: { type: 'string' }, reason: { type: 'string', maxLength: 500 } }, ['file', 'reason'])
};
