import { z } from 'zod';
import { isValidTimeZone } from '../core/clock';
import { ASSESSMENT_COMPONENTS, PRIORITY_CLASSES, type AssessmentComponent, type HallConfig } from '../core/model';
import { dateOfDay, dayNumber, weekdayOf } from '../core/working-days';
import { TICKET_PREFIX_PATTERN } from '../core/ticket-number';

/** A real calendar date "YYYY-MM-DD" (not 2026-02-30). */
const calendarDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date "YYYY-MM-DD"')
	.refine((d) => dateOfDay(dayNumber(d)) === d, 'not a date of the calendar');

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" or "_", at most 40');
const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time "HH:MM"');
const window = z
	.strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1).optional(), from: clock, to: clock })
	.refine((w) => w.from < w.to, { message: '"from" must be before "to"' });

const service = z.strictObject({
	code: id,
	name: text,
	zone: id,
	department: id,
	prefix: z.string().regex(TICKET_PREFIX_PATTERN, 'one to three capital letters'),
	dailyQuota: z.number().int().positive().nullable(),
	hours: z.array(window),
	avgHandleMinutes: z.number().positive().max(480),
	targetWaitMinutes: z.number().positive().max(480),
	documents: z.array(text),
	requiresIdentity: z.boolean().optional(),
	keywords: z.array(z.string().min(1)).optional(),
	disabled: z.boolean().optional()
});

const counter = z.strictObject({
	id,
	number: z.number().int().positive().max(9999),
	name: text,
	zone: id,
	services: z.array(z.strictObject({ service: id, weight: z.number().positive().max(100) })).min(1),
	strategy: z.enum(['strict', 'longestWait', 'weightedWait']),
	maxPriorityInRow: z.number().int().min(1).max(100),
	maxRecalls: z.number().int().min(0).max(10),
	maxRequeues: z.number().int().min(0).max(10).optional()
});

const staff = z.strictObject({
	id,
	name: z.string().min(1).max(40),
	role: z.enum(['staff', 'supervisor', 'admin']),
	counters: z.array(id),
	scope: z.enum(['hall', 'network']).optional(),
	disabled: z.boolean().optional(),
	passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'a scrypt hash "scrypt$N$r$p$salt$hash"')
});

const paper = z.union([z.literal(58), z.literal(80)]).optional();
const qr = z.enum(['native', 'raster']).optional();

const device = z.strictObject({
	id,
	kind: z.enum(['kiosk', 'display', 'evaluator', 'agent', 'monitor']),
	name: text,
	tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex of the token').optional(),
	board: z.enum(['hall', 'zone', 'counter']).optional(),
	zone: id.optional(),
	counter: id.optional(),
	printer: z
		.discriminatedUnion('kind', [
			z.strictObject({
				kind: z.literal('network'),
				host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
				port: z.number().int().min(1).max(65535).optional(),
				paper,
				qr
			}),
			z.strictObject({ kind: z.literal('agent'), paper, qr })
		])
		.optional(),
	kiosk: id.optional()
});

function duplicates(values: string[]): string[] {
	const seen = new Set<string>();
	const dup = new Set<string>();
	for (const v of values) (seen.has(v) ? dup : seen).add(v);
	return [...dup];
}

export const hallConfigSchema = z
	.strictObject({
		id,
		name: text,
		level: z.enum(['city', 'county', 'township', 'village']),
		parent: id.optional(),
		timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as "Asia/Shanghai"'),
		// Hall files are committed: the deployment's keys come from HALLQ_SECRETS_FILE or the environment.
		secret: z
			.never({ error: 'a hall file holds no secret: remove it and give the deployment its keys (HALLQ_SECRETS_FILE or HALLQ_MASTER_KEYS, docs/security.md)' })
			.optional(),
		hours: z.array(window).min(1),
		zones: z.array(z.strictObject({ id, name: text, location: text.optional(), icon: z.string().optional() })).min(1),
		departments: z.array(z.strictObject({ id, name: text })).min(1),
		services: z.array(service).min(1),
		counters: z.array(counter).min(1),
		staff: z.array(staff),
		devices: z.array(device),
		notices: z.array(text).optional(),
		voice: z
			.strictObject({
				engine: z.enum(['auto', 'clips', 'speech', 'off']).optional(),
				repeat: z.number().int().min(1).max(5).optional(),
				english: z.boolean().optional(),
				maxAgeSeconds: z.number().int().min(1).max(3600).optional()
			})
			.optional(),
		identity: z
			.strictObject({
				elderlyAge: z.number().int().min(50).max(100).optional(),
				dailyCap: z.number().int().min(1).max(100).optional(),
				maxReprints: z.number().int().min(0).max(10).optional(),
				greenCategories: z.array(z.enum(PRIORITY_CLASSES).exclude(['none'])).optional()
			})
			.optional(),
		evaluation: z
			.strictObject({
				promptSeconds: z.number().int().min(10).max(600).optional(),
				windowMinutes: z.number().int().min(1).max(240).optional(),
				followUpWorkingDays: z.number().int().min(1).max(60).optional(),
				holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date "YYYY-MM-DD"')).optional(),
				workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date "YYYY-MM-DD"')).optional()
			})
			.optional(),
		calendar: z
			.strictObject({
				holidays: z.array(calendarDate).max(400).optional(),
				workdays: z.array(calendarDate).max(100).optional(),
				workdayHoursOf: z.number().int().min(1).max(5).optional()
			})
			.superRefine((cal, ctx) => {
				const both = (cal.holidays ?? []).filter((d) => cal.workdays?.includes(d));
				if (both.length > 0) ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${both.join(', ')} both a holiday and a workday` });
				(cal.workdays ?? []).forEach((d, i) => {
					if (weekdayOf(d) < 6) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is a weekday: a make-up workday is a Saturday or Sunday` });
				});
			})
			.optional(),
		dayClose: z.strictObject({ graceMinutes: z.number().int().min(0).max(240).optional() }).optional(),
		assessment: z
			.strictObject({
				weights: z
					.strictObject(Object.fromEntries(ASSESSMENT_COMPONENTS.map((c) => [c, z.number().int().min(0).max(100)])) as Record<AssessmentComponent, z.ZodNumber>)
					.refine((w) => Object.values(w).reduce((a, b) => a + b, 0) === 100, 'the weights add up to 100')
					.optional(),
				penalties: z.strictObject({ lateFollowUp: z.number().min(0).max(100).optional(), complaint: z.number().min(0).max(100).optional() }).optional(),
				minOpenDays: z.number().int().min(0).max(31).optional(),
				minServed: z.number().int().min(0).max(100_000).optional(),
				disqualifyVeryBadNotFollowedUp: z.boolean().optional(),
				awards: z.strictObject({ counters: z.number().int().min(0).max(50).optional(), staff: z.number().int().min(0).max(100).optional() }).optional()
			})
			.optional(),
		alerts: z
			.strictObject({
				queueOver: z.number().int().min(1).max(10_000).optional(),
				pauseMinutes: z.record(z.string(), z.number().int().min(1).max(600)).optional(),
				consoleMissingMinutes: z.number().int().min(1).max(240).optional(),
				clearAfterSeconds: z.number().int().min(0).max(3600).optional(),
				forecastMinutes: z.number().int().min(5).max(120).optional(),
				followUpWarnDays: z.number().int().min(0).max(15).optional(),
				services: z.record(z.string(), z.strictObject({ queueOver: z.number().int().min(1).max(10_000).optional(), timeLimitMinutes: z.number().int().min(1).max(600).optional() })).optional()
			})
			.optional()
	})
	.superRefine((hall, ctx) => {
		const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
		const zones = new Set(hall.zones.map((z) => z.id));
		const departments = new Set(hall.departments.map((d) => d.id));
		const services = new Set(hall.services.map((s) => s.code));
		const counters = new Set(hall.counters.map((c) => c.id));

		for (const [list, key, name] of [
			[hall.zones.map((z) => z.id), 'zones', 'zone id'],
			[hall.departments.map((d) => d.id), 'departments', 'department id'],
			[hall.services.map((s) => s.code), 'services', 'service code'],
			[hall.counters.map((c) => c.id), 'counters', 'counter id'],
			[hall.counters.map((c) => String(c.number)), 'counters', 'counter number'],
			[hall.staff.map((s) => s.id), 'staff', 'staff id'],
			[hall.devices.map((d) => d.id), 'devices', 'device id'],
			[hall.devices.flatMap((d) => (d.tokenHash === undefined ? [] : [d.tokenHash])), 'devices', 'device token']
		] as const) {
			for (const d of duplicates([...list])) issue([key], `${name} "${d}" appears more than once`);
		}
		for (const code of Object.keys(hall.alerts?.services ?? {})) if (!services.has(code)) issue(['alerts', 'services', code], `unknown service "${code}"`);
		for (const reason of Object.keys(hall.alerts?.pauseMinutes ?? {}))
			if (!/^[a-z][a-zA-Z]{0,31}$/.test(reason)) issue(['alerts', 'pauseMinutes', reason], 'a pause reason code, such as break or meeting');
		hall.services.forEach((s, i) => {
			if (!zones.has(s.zone)) issue(['services', i, 'zone'], `unknown zone "${s.zone}"`);
			if (!departments.has(s.department)) issue(['services', i, 'department'], `unknown department "${s.department}"`);
		});
		hall.counters.forEach((c, i) => {
			if (!zones.has(c.zone)) issue(['counters', i, 'zone'], `unknown zone "${c.zone}"`);
			c.services.forEach((s, j) => {
				if (!services.has(s.service)) issue(['counters', i, 'services', j, 'service'], `unknown service "${s.service}"`);
			});
			for (const d of duplicates(c.services.map((s) => s.service)))
				issue(['counters', i, 'services'], `service "${d}" listed twice`);
		});
		if (hall.parent === hall.id) issue(['parent'], 'a hall cannot be its own parent');
		hall.staff.forEach((s, i) => {
			if (s.scope === 'network' && s.role === 'staff') issue(['staff', i, 'scope'], 'only a supervisor or admin sees the network');
			s.counters.forEach((c, j) => {
				if (!counters.has(c)) issue(['staff', i, 'counters', j], `unknown counter "${c}"`);
			});
		});
		const kiosks = new Set(hall.devices.filter((d) => d.kind === 'kiosk').map((d) => d.id));
		hall.devices.forEach((d, i) => {
			if (d.zone !== undefined && !zones.has(d.zone)) issue(['devices', i, 'zone'], `unknown zone "${d.zone}"`);
			if (d.counter !== undefined && !counters.has(d.counter)) issue(['devices', i, 'counter'], `unknown counter "${d.counter}"`);
			if (d.kind === 'display' && !d.board) issue(['devices', i, 'board'], 'a display needs a board kind');
			if (d.board === 'zone' && !d.zone) issue(['devices', i, 'zone'], 'a zone board needs a zone');
			if (d.board === 'counter' && !d.counter) issue(['devices', i, 'counter'], 'a counter board needs a counter');
			if (d.kind === 'evaluator' && !d.counter) issue(['devices', i, 'counter'], 'an evaluation terminal belongs to a counter');
			if (d.kind !== 'display' && d.board) issue(['devices', i, 'board'], 'only a display has a board kind');
			if (d.kind !== 'kiosk' && d.printer) issue(['devices', i, 'printer'], 'only a kiosk has a ticket printer');
			if (d.kind === 'agent' && !kiosks.has(d.kiosk ?? '')) issue(['devices', i, 'kiosk'], d.kiosk ? `unknown kiosk "${d.kiosk}"` : 'an agent belongs to a kiosk');
			if (d.kind !== 'agent' && d.kiosk !== undefined) issue(['devices', i, 'kiosk'], 'only an agent belongs to a kiosk');
			if (d.printer?.kind === 'agent' && !hall.devices.some((a) => a.kind === 'agent' && a.kiosk === d.id))
				issue(['devices', i, 'printer'], `kiosk ${d.id} prints through its agent, but no agent belongs to it`);
		});
		const served = new Set(hall.counters.flatMap((c) => c.services.map((s) => s.service)));
		hall.services.forEach((s, i) => {
			if (!served.has(s.code)) issue(['services', i, 'code'], `no counter serves "${s.code}"`);
		});
	}) satisfies z.ZodType<HallConfig>;

