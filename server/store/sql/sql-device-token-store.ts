/**
 * The device tokens the server issued, in the relational store (SQLite or PostgreSQL): one row per
 * keyed hash. A revocation stamps every row of the device; rows are never deleted, so a revoked
 * token is told apart from one that never existed. A token is revoked when any of its hashes is.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DeviceTokenRecord, DeviceTokenStore } from '../../core/ports';
import type { ArchiveSchema, DeviceTokensTable } from './schema';

function recordOf(row: Selectable<DeviceTokensTable>): DeviceTokenRecord {
	return {
		hash: row.hash,
		kid: row.kid,
		tokenId: row.token_id,
		hall: row.hall,
		device: row.device,
		issuedAt: Number(row.issued_at),
		issuedBy: row.issued_by,
		revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
		revokedBy: row.revoked_by
	};
}

export class SqlDeviceTokenStore implements DeviceTokenStore {
	constructor(private readonly db: () => Kysely<ArchiveSchema>) {}

	async add(r: DeviceTokenRecord): Promise<void> {
		await this.db()
			.insertInto('device_tokens')
			.values({ hash: r.hash, kid: r.kid, token_id: r.tokenId, hall: r.hall, device: r.device, issued_at: r.issuedAt, issued_by: r.issuedBy, revoked_at: r.revokedAt, revoked_by: r.revokedBy })
			.onConflict((oc) => oc.column('hash').doNothing())
			.execute();
	}

	async find(hashes: string[]): Promise<DeviceTokenRecord | null> {
		if (hashes.length === 0) return null;
		const rows = await this.db().selectFrom('device_tokens').selectAll().where('hash', 'in', hashes).execute();
		const row = hashes.map((hash) => rows.find((r) => r.hash === hash)).find((r) => r !== undefined);
		if (!row || row.revoked_at !== null) return row ? recordOf(row) : null;
		// A hash added under a new key while the token was being revoked: the token's revocation holds for it.
		const revoked = await this.db()
			.selectFrom('device_tokens')
			.select(['revoked_at', 'revoked_by'])
			.where('token_id', '=', row.token_id)
			.where('revoked_at', 'is not', null)
			.limit(1)
			.executeTakeFirst();
		return recordOf(revoked ? { ...row, ...revoked } : row);
	}

	async list(hall: string): Promise<DeviceTokenRecord[]> {
		const rows = await this.db().selectFrom('device_tokens').selectAll().where('hall', '=', hall).orderBy('issued_at').orderBy('hash').execute();
		return rows.map(recordOf);
	}

	async revoke(hall: string, device: string, at: number, by: string): Promise<number> {
		return this.db()
			.transaction()
			.execute(async (trx) => {
				const live = await trx.selectFrom('device_tokens').select('token_id').distinct().where('hall', '=', hall).where('device', '=', device).where('revoked_at', 'is', null).execute();
				if (live.length === 0) return 0;
				await trx.updateTable('device_tokens').set({ revoked_at: at, revoked_by: by }).where('hall', '=', hall).where('device', '=', device).where('revoked_at', 'is', null).execute();
				return live.length;
			});
	}
}
