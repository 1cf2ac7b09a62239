import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIPS } from '../../../display/voice/clip-catalog';
import { readWav } from '../../support/wav';

const DIR = 'static/voice';
const manifest = JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8')) as { sampleRate: number; clips: { id: string; text: string; durationMs: number }[] };

describe('the committed voice clips (scripts/make-voice-clips.ts)', () => {
	it('has a file for every clip of the catalogue, and no other', () => {
		const files = readdirSync(DIR).filter((f) => f.endsWith('.wav')).sort();
		expect(files).toEqual(CLIPS.map((c) => `${c.id}.wav`).sort());
		expect(manifest.clips.map((c) => c.id).sort()).toEqual(CLIPS.map((c) => c.id).sort());
	});

	it('are small: mono 16 kHz PCM, under 1 MB together', () => {
		let total = 0;
		for (const c of CLIPS) {
			const buf = readFileSync(`${DIR}/${c.id}.wav`);
			const wav = readWav(buf);
			expect({ id: c.id, channels: wav.channels, rate: wav.sampleRate, format: wav.format }).toEqual({ id: c.id, channels: 1, rate: 16_000, format: 1 });
			total += statSync(`${DIR}/${c.id}.wav`).size;
		}
		expect(total).toBeLessThan(1_000_000);
	});

	it('are neither empty nor silent nor overlong, and say what the catalogue says', () => {
		for (const c of CLIPS) {
			const { samples, sampleRate } = readWav(readFileSync(`${DIR}/${c.id}.wav`));
			const seconds = samples.length / sampleRate;
			let peak = 0;
			let energy = 0;
			for (const s of samples) {
				peak = Math.max(peak, Math.abs(s));
				energy += s * s;
			}
			const rms = Math.sqrt(energy / Math.max(1, samples.length));
			expect({ id: c.id, long: seconds > 0.15 && seconds < 2, loud: peak > 0.5, sound: rms > 0.05 }).toEqual({ id: c.id, long: true, loud: true, sound: true });
			const listed = manifest.clips.find((m) => m.id === c.id);
			expect(listed?.text).toBe(c.text);
			expect(Math.abs((listed?.durationMs ?? 0) - seconds * 1000)).toBeLessThan(2);
		}
	});

	it('has a chime long enough to be heard as one', () => {
		const chime = readWav(readFileSync(`${DIR}/chime.wav`));
		expect(chime.samples.length / chime.sampleRate).toBeGreaterThan(0.8);
	});
});
