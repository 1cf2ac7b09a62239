/**
 * Copies of the city hall for benchmarks of many halls in server processes: distinct ids, device
 * tokens `<hall>-<device>` (the originals may appear once only), the demo staff
 * and password. Written as hall files to a folder, for HALLQ_CONFIG.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashDeviceToken } from '../../server/app/passwords';
import type { HallConfig } from '../../server/core/model';
import { staffPerCounter } from '../../tests/support/city-staff';
import { CITY_HALL } from './day-sim';
import { ROOT } from './report';

export const BENCH_PASSWORD = 'hallq-demo';

export interface BenchHall {
	id: string;
	file: string;
	config: HallConfig;
	/** Device id → token. */
	tokens: Map<string, string>;
	/** Counter id → a staff member allowed at it. */
	staffOf: Map<string, string>;
}

export function writeBenchHalls(dir: string, count: number): BenchHall[] {
	const base = JSON.parse(readFileSync(join(ROOT, CITY_HALL), 'utf8')) as HallConfig;
	const staffOf = staffPerCounter(base);
	return Array.from({ length: count }, (_, h) => {
		const id = `bench-h${String(h).padStart(3, '0')}`;
		const config: HallConfig = structuredClone(base);
		config.id = id;
		const tokens = new Map<string, string>();
		for (const d of config.devices) {
			tokens.set(d.id, `${id}-${d.id}`);
			d.tokenHash = hashDeviceToken(`${id}-${d.id}`);
		}
		const file = join(dir, `${id}.json`);
		writeFileSync(file, JSON.stringify(config));
		return { id, file, config, tokens, staffOf };
	});
}
