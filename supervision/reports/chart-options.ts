/** The four charts of a report, as ECharts options built from the report's figures. */
import type { Text } from '$contract';
import type { ReportCharts } from '$reportContract';
import type { ChartOption } from './echarts-setup';
import type { Lang } from '$lib/client/lang.svelte';
import { S } from './strings';

const BLUE = '#0b5cad';
const RED = '#b3261e';
const GREEN = '#1b7f3b';
const AMBER = '#c77700';
const FONT = { fontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif", fontSize: 13 };

function base(): ChartOption {
	return {
		animation: false,
		textStyle: FONT,
		grid: { left: 48, right: 48, top: 36, bottom: 36 },
		tooltip: { trigger: 'axis' },
		legend: { top: 0, left: 'center', textStyle: FONT }
	};
}

const tr = (text: Text, lang: Lang) => text[lang];

/** Tickets issued and served in each hour of the day, over the period (hours with neither left out at both ends). */
export function hourlyChart(c: ReportCharts, lang: Lang): ChartOption {
	const busy = c.arrivalsByHour.map((n, h) => n + (c.servedByHour[h] ?? 0));
	const first = Math.max(0, busy.findIndex((n) => n > 0));
	const last = busy.some((n) => n > 0) ? busy.length - 1 - [...busy].reverse().findIndex((n) => n > 0) : 23;
	const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
	return {
		...base(),
		xAxis: { type: 'category', data: hours.map((h) => `${String(h).padStart(2, '0')}:00`) },
		yAxis: { type: 'value', name: tr(S.chartTickets, lang) },
		series: [
			{ type: 'bar', name: tr(S.chartArrivals, lang), data: hours.map((h) => c.arrivalsByHour[h] ?? 0), itemStyle: { color: BLUE }, barMaxWidth: 48 },
			{ type: 'line', name: tr(S.chartServed, lang), data: hours.map((h) => c.servedByHour[h] ?? 0), itemStyle: { color: GREEN }, lineStyle: { width: 3 }, symbolSize: 6 }
		]
	};
}

/** How long people waited until their first call, in bins of minutes. */
export function waitChart(c: ReportCharts, lang: Lang): ChartOption {
	const label = (b: ReportCharts['waitDistribution'][number]) => (b.toMinutes === null ? `≥${b.fromMinutes}` : `${b.fromMinutes}–${b.toMinutes}`);
	return {
		...base(),
		legend: { show: false },
		xAxis: { type: 'category', name: tr(S.chartWaitAxis, lang), nameLocation: 'middle', nameGap: 26, data: c.waitDistribution.map(label) },
		yAxis: { type: 'value', name: tr(S.chartTickets, lang) },
		series: [
			{
				type: 'bar',
				name: tr(S.chartTickets, lang),
				data: c.waitDistribution.map((b) => ({ value: b.count, itemStyle: { color: b.fromMinutes >= 30 ? RED : b.fromMinutes >= 15 ? AMBER : BLUE } }))
			}
		]
	};
}

/** Served per day (bars) and the day's mean wait (line, right axis). */
export function dailyChart(c: ReportCharts, lang: Lang): ChartOption {
	return {
		...base(),
		xAxis: { type: 'category', data: c.daily.map((d) => d.day.slice(5)) },
		yAxis: [
			{ type: 'value', name: tr(S.chartServed, lang) },
			{ type: 'value', name: tr(S.chartDailyWait, lang), splitLine: { show: false } }
		],
		series: [
			{ type: 'bar', name: tr(S.chartServed, lang), data: c.daily.map((d) => d.served), itemStyle: { color: BLUE }, barMaxWidth: 28 },
			{ type: 'line', name: tr(S.chartDailyWait, lang), yAxisIndex: 1, data: c.daily.map((d) => (d.waitMeanMs === null ? null : Math.round(d.waitMeanMs / 6_000) / 10)), itemStyle: { color: RED }, lineStyle: { width: 3 }, connectNulls: false }
		]
	};
}

/** The counters shown in the satisfaction chart: the ones to look at first. */
export const SATISFACTION_BARS = 15;

/** Satisfaction of the least satisfying rated counters, lowest at the top, with the share at each bar. */
export function satisfactionChart(c: ReportCharts, lang: Lang): ChartOption {
	const rated = c.satisfactionByCounter
		.filter((s) => s.satisfaction !== null)
		.sort((a, b) => (a.satisfaction ?? 0) - (b.satisfaction ?? 0) || a.counter.localeCompare(b.counter))
		.slice(0, SATISFACTION_BARS)
		.reverse();
	return {
		...base(),
		legend: { show: false },
		grid: { left: 96, right: 56, top: 8, bottom: 24 },
		tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)}%` },
		yAxis: { type: 'category', data: rated.map((s) => tr(s.label, lang)), axisLabel: { interval: 0 } },
		xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
		series: [
			{
				type: 'bar',
				name: tr(S.kpiSatisfaction, lang),
				barMaxWidth: 22,
				label: { show: true, position: 'right', formatter: (p) => `${String(p.value)}%` },
				data: rated.map((s) => {
					const pct = Math.round((s.satisfaction ?? 0) * 1000) / 10;
					return { value: pct, itemStyle: { color: pct < 90 ? RED : pct < 95 ? AMBER : GREEN } };
				})
			}
		]
	};
}
