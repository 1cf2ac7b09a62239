import { describe, expect, it } from 'vitest';
import { announcementOf, type Announcement } from '../../../display/voice/announcement';
import { AnnouncementQueue, type AnnouncementOutcome } from '../../../display/voice/announcement-queue';
import { ClipSpeaker } from '../../../display/voice/clip-speaker';
import { FakeAudioOutput } from '../../support/fake-audio-output';

function setup(o: { allowSound?: boolean; now?: () => number } = {}) {
	const audio = new FakeAudioOutput();
	audio.allowSound = o.allowSound ?? true;
	const speaker = new ClipSpeaker(audio);
	const outcomes: [number, AnnouncementOutcome][] = [];
	const blocked: boolean[] = [];
	let wall = 0;
	const queue = new AnnouncementQueue(() => speaker, o.now ?? (() => wall), {
		outcome: (a, outcome) => outcomes.push([a.id, outcome]),
		blockedChange: (b) => blocked.push(b)
	});
	return { audio, queue, outcomes, blocked, setWall: (ms: number) => (wall = ms) };
}

const calls: [number, string, number][] = [
	[1, 'A001', 1],
	[2, 'B120', 12],
	[3, 'E007', 105],
	[4, 'V999', 250]
];
const announcements = (repeat: number): Announcement[] => calls.map(([seq, ticket, counterNumber]) => announcementOf(seq, { ticket, counterNumber }, { repeat, english: false }));

/** The clips started for each announcement, found by the chime that opens each. */
function byAnnouncement(started: { id: string; start: number; end: number }[]) {
	const groups: (typeof started)[] = [];
	for (const s of started) {
		if (s.id === 'chime') groups.push([]);
		groups[groups.length - 1]!.push(s);
	}
	return groups;
}

describe('the announcement queue under a fake audio clock', () => {
	it('never overlaps two clips, even when calls arrive together', async () => {
		const { audio, queue, outcomes } = setup();
		for (const a of announcements(2)) queue.enqueue(a, Infinity);
		await audio.advance(120);
		expect(outcomes).toEqual([
			[1, 'spoken'],
			[2, 'spoken'],
			[3, 'spoken'],
			[4, 'spoken']
		]);
		const sorted = [...audio.started].sort((a, b) => a.start - b.start);
		expect(sorted).toEqual(audio.started);
		for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
	});

	it('keeps the order of the calls and plays each one whole before the next', async () => {
		const { audio, queue } = setup();
		const list = announcements(1);
		for (const a of list) queue.enqueue(a, Infinity);
		await audio.advance(120);
		const groups = byAnnouncement(audio.started);
		expect(groups).toHaveLength(4);
		groups.forEach((g, i) => expect(g.map((s) => s.id)).toEqual(list[i]!.clips.filter((id) => !id.startsWith('pause'))));
	});

	it('honours the repeat count', async () => {
		for (const repeat of [1, 2, 3]) {
			const { audio, queue } = setup();
			queue.enqueue(announcements(repeat)[0]!, Infinity);
			await audio.advance(60);
			expect(audio.started.filter((s) => s.id === 'chime')).toHaveLength(1);
			expect(audio.started.filter((s) => s.id === 'zh-qing')).toHaveLength(repeat);
		}
	});

	it('starts the next announcement only once the audio clock has passed the end of the last one', async () => {
		const { audio, queue, outcomes } = setup();
		const [first, second] = announcements(1);
		queue.enqueue(first!, Infinity);
		queue.enqueue(second!, Infinity);
		await audio.advance(0.5);
		expect(new Set(byAnnouncement(audio.started).map((g) => g.length)).size).toBe(1);
		expect(byAnnouncement(audio.started)).toHaveLength(1);
		const firstEnd = Math.max(...audio.started.map((s) => s.end));
		await audio.advance(firstEnd - audio.time - 0.1);
		expect(outcomes).toEqual([]);
		await audio.advance(30);
		expect(outcomes.map(([id]) => id)).toEqual([1, 2]);
		const secondChime = audio.started.filter((s) => s.id === 'chime')[1]!;
		expect(secondChime.start).toBeGreaterThanOrEqual(firstEnd);
	});

	it('decodes each clip once however often it is played', async () => {
		const { audio, queue } = setup();
		for (const a of announcements(3)) queue.enqueue(a, Infinity);
		await audio.advance(200);
		expect([...audio.decodes.values()].every((n) => n === 1)).toBe(true);
		expect(audio.started.filter((s) => s.id === 'zh-hao').length).toBeGreaterThan(10);
	});

	it('holds while the browser refuses sound, reports each call as audio-blocked, and goes on after a tap', async () => {
		const { audio, queue, outcomes, blocked } = setup({ allowSound: false });
		const [a, b] = announcements(1);
		queue.enqueue(a!, Infinity);
		await audio.advance(1);
		queue.enqueue(b!, Infinity);
		await audio.advance(1);
		expect(queue.blocked).toBe(true);
		expect(blocked).toEqual([true]);
		expect(outcomes).toEqual([
			[1, 'audio-blocked'],
			[2, 'audio-blocked']
		]);
		expect(audio.started).toEqual([]);
		// A tap that the browser still refuses changes nothing.
		expect(await queue.unlock()).toBe(false);
		expect(queue.blocked).toBe(true);
		audio.allowSound = true;
		expect(await queue.unlock()).toBe(true);
		await audio.advance(60);
		expect(blocked).toEqual([true, false]);
		expect(outcomes.slice(2)).toEqual([
			[1, 'spoken'],
			[2, 'spoken']
		]);
	});

	it('does not speak what grew old while waiting', async () => {
		const { audio, queue, outcomes, setWall } = setup({ allowSound: false });
		const [a, b] = announcements(1);
		queue.enqueue(a!, 120_000);
		queue.enqueue(b!, 300_000);
		await audio.advance(1);
		setWall(200_000);
		audio.allowSound = true;
		await queue.unlock();
		await audio.advance(30);
		expect(outcomes).toEqual([
			[1, 'audio-blocked'],
			[2, 'audio-blocked'],
			[1, 'too-old'],
			[2, 'spoken']
		]);
		expect(audio.started.filter((s) => s.id === 'chime')).toHaveLength(1);
	});

	it('reports an announcement none of whose clips could be loaded as failed, and goes on', async () => {
		const audio = new FakeAudioOutput((id) => (id.startsWith('zh-letter-b') ? null : 0.3));
		const outcomes: [number, AnnouncementOutcome][] = [];
		const speaker = new ClipSpeaker(audio);
		const queue = new AnnouncementQueue(() => speaker, () => 0, { outcome: (x, o) => outcomes.push([x.id, o]), blockedChange: () => {} });
		const empty: Announcement = { id: 9, clips: ['zh-letter-b', 'pause-short'], sentences: { zh: '', en: null }, repeat: 1 };
		queue.enqueue(empty, Infinity);
		queue.enqueue(announcements(1)[1]!, Infinity);
		await audio.advance(30);
		// B120's letter clip is missing: the rest of it is still said.
		expect(outcomes).toEqual([
			[9, 'failed'],
			[2, 'spoken']
		]);
		expect(audio.started.some((s) => s.id === 'zh-letter-b')).toBe(false);
	});
});
