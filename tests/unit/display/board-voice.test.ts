import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../server/realtime/contract';
import type { CallOutcome } from '../../../display/call-report';
import { BoardVoice } from '../../../display/voice/board-voice.svelte';
import { DEFAULT_VOICE, type VoiceSettings } from '../../../display/voice/voice-settings';
import { FakeAudioOutput } from '../../support/fake-audio-output';

const NOW = 1_800_000_000_000;

function call(seq: number, ticket: string, counterNumber: number, at = NOW): CallView {
	return {
		seq,
		day: '2026-11-30',
		at,
		ticket,
		counter: `C${counterNumber}`,
		counterNumber,
		counterName: { zh: `${counterNumber}号窗口`, en: `Counter ${counterNumber}` },
		zone: 'za',
		service: 'S1',
		serviceName: { zh: '社保卡申领', en: 'Social security card' },
		recall: false
	};
}

function setup(settings: Partial<VoiceSettings> = {}, allowSound = true) {
	const audio = new FakeAudioOutput();
	audio.allowSound = allowSound;
	let wall = NOW;
	const voice = new BoardVoice({ ...DEFAULT_VOICE, preference: 'clips', repeat: 1, ...settings }, { output: audio, now: () => wall });
	const outcomes: [number, CallOutcome][] = [];
	voice.onOutcome = (c, o) => outcomes.push([c.seq, o]);
	return { audio, voice, outcomes, setWall: (ms: number) => (wall = ms) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a board’s voice', () => {
	it('speaks live calls in order and reports each spoken', async () => {
		const { audio, voice, outcomes } = setup();
		voice.start();
		voice.announce(call(7, 'A012', 5), 'live');
		voice.announce(call(8, 'B120', 12), 'live');
		await audio.advance(30);
		expect(outcomes).toEqual([
			[7, 'spoken'],
			[8, 'spoken']
		]);
		expect(voice.lastSpoken).toBe(8);
		expect(voice.audioBlocked).toBe(false);
		// 请 A 零一二 号 到 五 号 窗口 办理, then 请 B 一二零 号 到 十二 号 窗口 办理
		expect(audio.started.filter((s) => s.id === 'zh-qing')).toHaveLength(2);
		expect(audio.started.some((s) => s.id === 'zh-shi')).toBe(true);
	});

	it('takes the hall\'s settings once the board has synced: repeat and English apply to the next calls', async () => {
		const { audio, voice, outcomes } = setup({ repeat: 1, english: false });
		voice.start();
		voice.announce(call(1, 'A001', 1), 'live');
		await audio.advance(30);
		const first = audio.started.length;
		expect(audio.started.filter((s) => s.id === 'zh-qing')).toHaveLength(1);
		expect(audio.started.some((s) => s.id.startsWith('en-'))).toBe(false);
		voice.configure({ ...DEFAULT_VOICE, preference: 'clips', repeat: 2, english: true });
		voice.announce(call(2, 'A002', 1), 'live');
		await audio.advance(60);
		const second = audio.started.slice(first);
		expect(second.filter((s) => s.id === 'zh-qing')).toHaveLength(2);
		expect(second.some((s) => s.id.startsWith('en-'))).toBe(true);
		voice.configure({ ...DEFAULT_VOICE, preference: 'off' });
		voice.announce(call(3, 'A003', 1), 'live');
		expect(outcomes).toEqual([
			[1, 'spoken'],
			[2, 'spoken'],
			[3, 'muted']
		]);
	});

	it('shows but does not speak a replayed call older than the limit; speaks a recent one', async () => {
		const { audio, voice, outcomes } = setup({ maxAgeMs: 120_000 });
		voice.start();
		voice.announce(call(3, 'A003', 1, NOW - 180_000), 'replay');
		voice.announce(call(4, 'A004', 1, NOW - 30_000), 'replay');
		await audio.advance(20);
		expect(outcomes).toEqual([
			[3, 'too-old'],
			[4, 'spoken']
		]);
	});

	it('shows the hint at start when the browser refuses sound, and drops it after a tap that works', async () => {
		const { audio, voice, outcomes } = setup({}, false);
		voice.start();
		await settle();
		expect(voice.audioBlocked).toBe(true);
		voice.announce(call(1, 'A001', 1), 'live');
		await audio.advance(2);
		expect(outcomes).toEqual([[1, 'audio-blocked']]);
		audio.allowSound = true;
		await voice.unlock();
		expect(voice.audioBlocked).toBe(false);
		await audio.advance(20);
		expect(outcomes).toEqual([
			[1, 'audio-blocked'],
			[1, 'spoken']
		]);
	});

	it('reports calls as muted when the voice is off, and plays nothing', async () => {
		const { audio, voice, outcomes } = setup({ preference: 'off' });
		voice.start();
		voice.announce(call(1, 'A001', 1), 'live');
		await audio.advance(5);
		expect(outcomes).toEqual([[1, 'muted']]);
		expect(audio.started).toEqual([]);
	});

	it('adds the English sentence when the hall wants it', async () => {
		const { audio, voice } = setup({ english: true, repeat: 2 });
		voice.start();
		voice.announce(call(1, 'A012', 5), 'live');
		await audio.advance(40);
		expect(audio.started.filter((s) => s.id === 'en-please-go-to-counter')).toHaveLength(2);
		expect(audio.started.filter((s) => s.id === 'chime')).toHaveLength(1);
	});
});
