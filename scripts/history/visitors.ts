/**
 * The fictitious citizens of a simulated day: what the kiosk knows of each (the identity a card read
 * gives, already hashed and masked as the server would pass it, never a clear ID number or name),
 * the green channel asked for, the ticket's status-link secret, and how long they are willing to wait.
 * Identity hashes are random 64-hex strings (the shape of the server's HMAC) of nobody; masked
 * numbers keep 4 + 4 digits; names are a surname and stars (张*, 欧阳**).
 */
import type { IssuedIdentity } from '../../server/core/commands';
import type { PriorityClass } from '../../server/core/model';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁'];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛'];
/** First four digits of the masked number: province and city codes, nothing of a person. */
const REGION_PREFIXES = ['3101', '3201', '3301', '4401', '5101', '4201', '3701', '6101'];
/** Citizens of green-channel age among card holders. */
const ELDERLY_SHARE = 0.18;
/** Card holders who took a number for another service earlier the same day. */
const RETURNING_SHARE = 0.03;

export interface Visitor {
	identity: IssuedIdentity | null;
	priority: PriorityClass;
	token: string;
	/** How long they wait before giving up (cancelling at the kiosk, or just leaving). */
	patienceMs: number;
}

export class FictitiousVisitors {
	private readonly seen: IssuedIdentity[] = [];

	constructor(private readonly random: () => number) {}

	/** A citizen taking a number; `withCard`: the service asks for the ID card. */
	next(withCard: boolean, medianPatienceMinutes: number): Visitor {
		const identity = withCard ? this.cardHolder() : null;
		return {
			identity,
			priority: this.askedPriority(identity),
			token: this.hex(32),
			patienceMs: medianPatienceMinutes * 60_000 * Math.exp(0.6 * this.normal())
		};
	}

	private cardHolder(): IssuedIdentity {
		if (this.seen.length > 0 && this.random() < RETURNING_SHARE) return this.seen[Math.floor(this.random() * this.seen.length)] as IssuedIdentity;
		const pick = <T>(list: readonly T[]): T => list[Math.floor(this.random() * list.length)] as T;
		const last = Array.from({ length: 4 }, (_, i) => (i === 3 && this.random() < 0.1 ? 'X' : String(Math.floor(this.random() * 10)))).join('');
		const compound = this.random() < 0.02;
		const stars = this.random() < 0.25 ? '**' : '*';
		const identity: IssuedIdentity = {
			hash: this.hex(64),
			masked: `${pick(REGION_PREFIXES)}**********${last}`,
			holderMasked: `${compound ? pick(COMPOUND_SURNAMES) : pick(SURNAMES)}${stars}`,
			age: this.random() < ELDERLY_SHARE ? 60 + Math.floor(this.random() * 28) : 18 + Math.floor(this.random() * 42)
		};
		this.seen.push(identity);
		return identity;
	}

	/** A card of green-channel age gives the priority by itself: its holder asks for nothing. */
	private askedPriority(identity: IssuedIdentity | null): PriorityClass {
		const r = this.random();
		if (identity === null && r < 0.04) return 'elderly';
		if (r > 0.985) return 'disabled';
		if (r > 0.98) return 'pregnant';
		if (r > 0.976) return 'military';
		return 'none';
	}

	private hex(length: number): string {
		let out = '';
		while (out.length < length) out += Math.floor(this.random() * 0x10000).toString(16).padStart(4, '0');
		return out.slice(0, length);
	}

	/** A standard normal draw (Box–Muller). */
	private normal(): number {
		const u = Math.max(this.random(), 1e-12);
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
	}
}
