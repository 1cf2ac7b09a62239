/** The OpenAPI description of /api/audit… (types in audit-contract.ts, the action codes in docs/protocol.md "The audit log"). */
import { MAX_RANGE_DAYS } from '../core/report-period';
import { AUDIT_FAMILIES, LOG_ACTIONS } from '../core/audit';
import { SECURITY_ACTIONS } from '../core/security';
import { MAX_AUDIT_PAGE } from './audit-contract';

const errorRef = { $ref: '#/components/schemas/Error' } as const;
const security = [{ sessionCookie: [] }, { bearer: [] }];
const json = (schema: object) => ({ 'application/json': { schema } });
const q = (name: string, description: string, schema: object, required = false) => ({ name, in: 'query', required, description, schema });
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const search = [
	q('hall', 'a hall of the caller’s scope; default the caller’s own', { type: 'string' }),
	q('from', 'the first hall-local day', day, true),
	q('to', `the last day, included (default from; at most ${MAX_RANGE_DAYS} days)`, day),
	q('actor', 'a staff member or device: what it did, and (security events) what was done to it', { type: 'string' }),
	q('action', 'one action code, or a family (the part before the dot)', { type: 'string', enum: [...AUDIT_FAMILIES, ...LOG_ACTIONS, ...SECURITY_ACTIONS] }),
	q('ticket', 'a ticket number such as A012', { type: 'string' })
];

const refusals = {
	'400': { description: 'VALIDATION.FAILED', content: json(errorRef) },
	'401': { description: 'AUTH.REQUIRED / AUTH.INVALID', content: json(errorRef) },
	'403': { description: 'AUTH.FORBIDDEN: counter staff, or a hall outside the caller’s scope', content: json(errorRef) },
	'503': { description: 'STORE.UNAVAILABLE: a server without an archive', content: json(errorRef) }
};

export const auditPaths = {
	'/api/audit': {
		get: {
			summary: 'A page of the audit log: who did what, when and why (the hall-day log and the security events), in time order',
			security,
			parameters: [
				...search,
				q('cursor', 'the `next` of the page before', { type: 'string', maxLength: 400 }),
				q('limit', 'entries per page', { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 })
			],
			responses: { '200': { description: 'AuditPageView (server/http/audit-contract.ts)', content: json({ type: 'object', required: ['hall', 'from', 'to', 'entries', 'next', 'actions'] }) }, ...refusals }
		}
	},
	'/api/audit.csv': {
		get: {
			summary: 'Every entry of the search as CSV (UTF-8 with BOM), written as it is read',
			security,
			parameters: search,
			responses: { '200': { description: 'CSV file', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } }, ...refusals }
		}
	}
};
