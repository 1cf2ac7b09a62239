import { match, pinyin } from 'pinyin-pro';
import type { CatalogService } from '$contract';
import { byMostUsed } from './most-used';

/** A service with its name spelled out for searching: computed once per service name. */
interface Spelled {
	service: CatalogService;
	/** 个体工商户设立登记 → "getigongshanghushelidengji" */
	full: string;
	/** → "gtgshsldj" */
	initials: string;
	/** Latin keywords of the hall file (initials someone wrote down, abbreviations), lower case. */
	latinKeywords: string[];
	/** Chinese keywords of the hall file (发改, 图审). */
	chineseKeywords: string[];
	english: string;
}

/**
 * How well a service matches: the fit, and for a spread match how far apart the matched characters
 * are (社会保障卡 fits "shebao" closer than 建设项目环境影响报告表).
 */
interface Hit {
	fit: Fit;
	spread: number;
}

/** How well a service matches, best first; a service that does not match gets none. */
const enum Fit {
	/** The name begins with it: 社保 → 社保卡申领; sbk → 社保卡申领; shebao → 社保卡申领. */
	Start = 3,
	/** The name holds it: 登记, dj, dengji; a keyword of the hall file. */
	Inside = 2,
	/** The letters fall on the name's syllables in order, not together: gsdj → 个体工商户设立登记. */
	Spread = 1
}

const HAN = /\p{Script=Han}/u;
/** A match through mixed syllables or a rarer reading ranks after every match on the usual initials. */
const OTHER_READING = 100;
const spellings = new Map<string, { full: string; initials: string }>();

/** Full pinyin and initials of a Chinese name, without tones, ü as v. */
function spell(name: string): { full: string; initials: string } {
	let s = spellings.get(name);
	if (!s) {
		const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter((p) => /^[a-z]+$/.test(p));
		s = { full: syllables.join(''), initials: syllables.map((p) => p[0]).join('') };
		spellings.set(name, s);
	}
	return s;
}

/** What the search compares: lower case, no spaces or punctuation, ü as v. */
export function normaliseQuery(query: string): string {
	return query
		.toLowerCase()
		.replace(/ü/g, 'v')
		.replace(/[^\p{Script=Han}a-z0-9]/gu, '');
}

/**
 * Searches the services of one catalog by Chinese name, pinyin initials ("gsdj") or full pinyin
 * ("shebaoka"), by the hall file's keywords, and by English name. Build one per catalog.
 */
export class ServiceSearch {
	private readonly entries: Spelled[];

	constructor(services: readonly CatalogService[]) {
		this.entries = services.map((service) => {
			const keywords = service.keywords.map((k) => k.toLowerCase());
			return {
				service,
				...spell(service.name.zh),
				latinKeywords: keywords.filter((k) => /^[a-z0-9]+$/.test(k)),
				chineseKeywords: keywords.filter((k) => HAN.test(k)),
				english: service.name.en.toLowerCase()
			};
		});
	}

	/** The services that match, best match first, then the most used today, then catalog order. */
	find(query: string): CatalogService[] {
		const q = normaliseQuery(query);
		if (q === '') return [];
		const found: { service: CatalogService; fit: Fit; spread: number }[] = [];
		for (const e of this.entries) {
			const hit = HAN.test(q) ? chineseFit(e, q) : latinFit(e, q, query);
			if (hit !== null) found.push({ service: e.service, ...hit });
		}
		const mostUsed = byMostUsed(found.map((f) => f.service));
		const rank = new Map(mostUsed.map((s, i) => [s.code, i]));
		return found
			.sort((a, b) => b.fit - a.fit || a.spread - b.spread || (rank.get(a.service.code) ?? 0) - (rank.get(b.service.code) ?? 0))
			.map((f) => f.service);
	}
}

function chineseFit(e: Spelled, q: string): Hit | null {
	const name = normaliseQuery(e.service.name.zh);
	if (name.startsWith(q)) return { fit: Fit.Start, spread: 0 };
	if (name.includes(q) || e.chineseKeywords.some((k) => k.includes(q))) return { fit: Fit.Inside, spread: 0 };
	// A word between, or left out: 企业登记 → 企业设立登记.
	const spread = q.length >= 2 ? inOrder(name, q) : null;
	return spread === null ? null : { fit: Fit.Spread, spread };
}

function latinFit(e: Spelled, q: string, raw: string): Hit | null {
	if (e.initials.startsWith(q) || e.full.startsWith(q)) return { fit: Fit.Start, spread: 0 };
	if (e.initials.includes(q) || e.full.includes(q) || e.latinKeywords.some((k) => k.includes(q))) return { fit: Fit.Inside, spread: 0 };
	const words = raw.toLowerCase().trim();
	if (words.length >= 3 && e.english.includes(words)) return { fit: Fit.Inside, spread: 0 };
	if (q.length < 2) return null;
	// Initials in order, as the name is read: gsdj → 个体工商户设立登记.
	const initials = inOrder(e.initials, q);
	if (initials !== null) return { fit: Fit.Spread, spread: initials };
	// Whole syllables and initials mixed (gongshangdj), or another reading of a character: after those.
	const at = match(e.service.name.zh, q, { precision: 'start', continuous: false, insensitive: true });
	if (!at || at.length === 0) return null;
	return { fit: Fit.Spread, spread: OTHER_READING + spreadOf(at) };
}

/** How far into the name the match starts plus how far it stretches. */
function spreadOf(indices: number[]): number {
	const first = Math.min(...indices);
	return first + (Math.max(...indices) - first);
}

/** Every character of `q` in `text`, in the same order: the spread of the first such placing, or null. */
function inOrder(text: string, q: string): number | null {
	const indices: number[] = [];
	let at = 0;
	for (const ch of q) {
		const i = text.indexOf(ch, at);
		if (i < 0) return null;
		indices.push(i);
		at = i + ch.length;
	}
	return spreadOf(indices);
}
