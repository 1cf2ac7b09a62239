/**
 * The reports bench's export (forked by bench/reports.ts, so its RSS is the export's alone): one
 * hall's tickets of a period from the archive as XLSX to a file, either read one day at a time as
 * the export routes do (`streamed`: DayFactsReader.ticketsByDay) or, as the baseline, read whole
 * first (`loaded`: DayFactsReader.between). RSS is sampled every 20 ms; every 5,000 rows a full
 * garbage collection (the child runs with --expose-gc) measures the heap still in use, which is what
 * the export holds: RSS also counts garbage that V8 has not collected yet.
 *
 *   → { op: 'export', target, hall, from, to, file, live, mode }
 *   ← { op: 'done', rows, ms, bytes, rssBefore, rssPeak, liveHeapPeak }
 *   → { op: 'close' }                                               (exits)
 */
import { createWriteStream, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DayFactsReader } from '../../server/app/day-facts';
import { HallRunner } from '../../server/app/hall-runner';
import type { TicketFact } from '../../server/core/facts';
import { indexHall } from '../../server/core/hall-index';
import type { HallConfig } from '../../server/core/model';
import { writeXlsxRows, type ReportColumn } from '../../server/http/report-export';
import type { RelationalTarget } from '../../server/store/sql/database';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';

interface ExportAsk {
	op: 'export';
	target: RelationalTarget;
	hall: HallConfig;
	from: string;
	to: string;
	file: string;
	/** The live store's file (empty: every day of the period is archived). */
	live: string;
	now: number;
	mode: 'streamed' | 'loaded';
}

const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };
const COLUMNS: ReportColumn[] = [
	...(['day', 'ticket', 'service', 'counter', 'staff', 'outcome'] as const).map((key): ReportColumn => ({ key, label: key, kind: 'text' })),
	{ key: 'wait', label: 'wait', kind: 'minutes' }
];

async function exportTickets(m: ExportAsk): Promise<void> {
	const archive = await SqlArchiveStore.open(m.target);
	const live = SqliteEventStore.open(m.live, { synchronous: 'OFF' });
	const clock = { now: () => m.now };
	const runner = new HallRunner({ index: indexHall(m.hall), store: live, archive, clock, log: quiet, onEvents: () => undefined });
	const facts = new DayFactsReader({ runners: new Map([[m.hall.id, runner]]), archive, now: clock.now });
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;
	let rssPeak = rssBefore;
	const sample = () => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss));
	const sampler = setInterval(sample, 20);
	const heapBefore = process.memoryUsage().heapUsed;
	let liveHeapPeak = 0;
	const probe = () => {
		global.gc?.();
		liveHeapPeak = Math.max(liveHeapPeak, process.memoryUsage().heapUsed - heapBefore);
	};
	const t0 = performance.now();
	let rows = 0;
	async function* days(): AsyncGenerator<TicketFact[]> {
		if (m.mode === 'streamed') yield* facts.ticketsByDay(m.hall.id, m.from, m.to);
		else yield (await facts.between(m.hall.id, m.from, m.to, { tickets: true })).tickets;
	}
	async function* each() {
		for await (const day of days())
			for (const x of day) {
				if (++rows % 5000 === 0) probe();
				yield { day: x.day, ticket: x.ticket, service: x.service, counter: x.counter, staff: x.staff, outcome: x.outcome, wait: x.waitMs === null ? null : x.waitMs / 60_000 };
			}
	}
	const out = createWriteStream(m.file);
	await writeXlsxRows(out, 'tickets', COLUMNS, each(), { hallName: m.hall.name.zh, period: { from: m.from, to: m.to }, generatedAt: '', definitions: [] });
	await finished(out);
	const ms = performance.now() - t0;
	clearInterval(sampler);
	sample();
	probe();
	await live.close();
	await archive.close();
	process.send?.({ op: 'done', rows, ms, bytes: statSync(m.file).size, rssBefore, rssPeak, liveHeapPeak });
}

process.on('message', (m: { op: string }) => {
	if (m.op === 'export')
		exportTickets(m as ExportAsk).catch((err: unknown) => {
			console.error(err);
			process.exit(1);
		});
	if (m.op === 'close') process.exit(0);
});
