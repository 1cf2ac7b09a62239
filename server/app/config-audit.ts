/**
 * The hall's configuration in the audit trail until configuration versions exist (issue 22): each
 * start compares each hall file with the last one recorded and records a `config.change` when it
 * differs (the first start records the first). Processes starting at once agree: the event's id is
 * made from the event before it and the new digest, so the second insert finds it there.
 */
import { createHash } from 'node:crypto';
import { hallDayOf } from '../core/hall-day';
import type { HallConfig } from '../core/model';
import type { AuditStore } from '../core/ports';
import { canonicalJson } from './canonical-json';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** 16 hex digits of the hall file's canonical JSON: a secret in it cannot be read back from them. */
export function configDigest(hall: HallConfig): string {
	return sha256(canonicalJson(hall)).slice(0, 16);
}

function digestOf(detail: string | null): string | null {
	return /(?:^| )digest=([0-9a-f]{16})(?: |$)/.exec(detail ?? '')?.[1] ?? null;
}

/** Records the halls whose configuration is not the last recorded one; returns their ids. */
export async function recordConfigChanges(audit: AuditStore, halls: readonly HallConfig[], now: number): Promise<string[]> {
	const changed: string[] = [];
	for (const hall of halls) {
		const digest = configDigest(hall);
		const last = await audit.latestSecurityEvent(hall.id, 'config.change');
		const was = last ? digestOf(last.detail) : null;
		if (was === digest) continue;
		const at = Math.max(now, (last?.at ?? 0) + 1);
		const recorded = await audit.record({
			id: `cfg-${sha256(`${last?.id ?? ''}|${digest}`).slice(0, 24)}`,
			hall: hall.id,
			day: hallDayOf(hall.id, hall.timeZone, at).day,
			at,
			action: 'config.change',
			actor: null,
			subject: null,
			client: null,
			detail: was ? `digest=${digest} was=${was}` : `digest=${digest}`
		});
		if (recorded) changed.push(hall.id);
	}
	return changed;
}
