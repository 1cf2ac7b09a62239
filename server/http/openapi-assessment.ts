/** The OpenAPI description of /api/assessment… (types in assessment-contract.ts, the score in docs/statistics.md). */
const errorRef = { $ref: '#/components/schemas/Error' } as const;
const security = [{ sessionCookie: [] }, { bearer: [] }];
const json = (schema: object) => ({ 'application/json': { schema } });
const q = (name: string, description: string, schema: object, required = false) => ({ name, in: 'query', required, description, schema });
const month = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;
const hallParam = q('hall', 'a hall of the caller’s scope; default the caller’s own', { type: 'string' });
const monthParam = q('month', 'the month "YYYY-MM"', month, true);

const refusals = {
	'400': { description: 'VALIDATION.FAILED', content: json(errorRef) },
	'401': { description: 'AUTH.REQUIRED / AUTH.INVALID', content: json(errorRef) },
	'403': { description: 'AUTH.FORBIDDEN: counter staff, a hall outside the caller’s scope; confirming and complaints: not a supervisor or admin of the hall itself, or a request from another site (AUTH.CROSS_SITE)', content: json(errorRef) }
};
const frozen = { '409': { description: 'ASSESSMENT.CONFIRMED (the month is frozen), ASSESSMENT.MONTH_OPEN (not ended), ASSESSMENT.BUSY (try again)', content: json(errorRef) } };
const file = (type: string, what: string) => ({ '200': { description: what, content: { [type]: { schema: { type: 'string', format: 'binary' } } } }, ...refusals });

const view = { type: 'object', required: ['hall', 'month', 'status', 'current', 'confirmed', 'differences', 'complaints'] };

export const assessmentPaths = {
	'/api/assessment': {
		get: {
			summary: 'A hall’s monthly red-flag assessment: counters and staff ranked with every component, the confirmed result and where a recalculation differs',
			security,
			parameters: [hallParam, monthParam],
			responses: { '200': { description: 'AssessmentView (server/http/assessment-contract.ts)', content: json(view) }, ...refusals }
		}
	},
	'/api/assessment/confirm': {
		post: {
			summary: 'Supervisors and admins of the hall: confirm (freeze) an ended month’s result, once',
			security,
			requestBody: { required: true, content: json({ type: 'object', required: ['hall', 'month'], properties: { hall: { type: 'string' }, month, note: { type: 'string', maxLength: 500 } }, additionalProperties: false }) },
			responses: { '200': { description: 'AssessmentView, status confirmed', content: json(view) }, ...refusals, ...frozen }
		}
	},
	'/api/assessment/complaints': {
		post: {
			summary: 'Supervisors and admins of the hall: record the justified complaints of a counter or person for a month (a new version; before confirmation)',
			security,
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					required: ['hall', 'month', 'kind', 'subject', 'count', 'reason'],
					properties: { hall: { type: 'string' }, month, kind: { type: 'string', enum: ['counter', 'staff'] }, subject: { type: 'string' }, count: { type: 'integer', minimum: 0, maximum: 100 }, reason: { type: 'string', minLength: 2, maxLength: 500 } },
					additionalProperties: false
				})
			},
			responses: { '200': { description: 'ComplaintRecord: { hall, month, kind, subject, version, count, reason, recordedBy, recordedAt }', content: json({ type: 'object' }) }, ...refusals, ...frozen }
		}
	},
	'/api/assessment/export.csv': {
		get: { summary: 'The award list (the confirmed result once there is) of counters or staff as CSV (UTF-8 with BOM)', security, parameters: [hallParam, monthParam, q('kind', 'counter or staff', { type: 'string', enum: ['counter', 'staff'], default: 'counter' })], responses: file('text/csv', 'CSV file') }
	},
	'/api/assessment/export.xlsx': {
		get: { summary: 'The award list as XLSX: counters, staff and the definitions', security, parameters: [hallParam, monthParam], responses: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX file') }
	}
};
