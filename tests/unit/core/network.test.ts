import { describe, expect, it } from 'vitest';
import { hallNetwork, networkProblems, reportHalls } from '../../../server/core/network';

// county → two townships, one with a village; a second, separate top hall.
const halls = [
	{ id: 'county' },
	{ id: 'town-a', parent: 'county' },
	{ id: 'town-b', parent: 'county' },
	{ id: 'village', parent: 'town-a' },
	{ id: 'other' }
];
const network = hallNetwork(halls);

describe('the network of halls', () => {
	it('has no problems when every parent is configured and none loops', () => {
		expect(networkProblems(halls)).toEqual([]);
	});

	it('gives a hall and everything below it, breadth first', () => {
		expect(network.subtree('county')).toEqual(['county', 'town-a', 'town-b', 'village']);
		expect(network.subtree('town-a')).toEqual(['town-a', 'village']);
		expect(network.subtree('village')).toEqual(['village']);
		expect(network.subtree('nowhere')).toEqual([]);
		expect(network.parentOf('village')).toBe('town-a');
		expect(network.parentOf('county')).toBeNull();
	});

	it('lets reports cover the own hall, or its subtree with the network scope, and nothing for counter staff', () => {
		expect(reportHalls(network, 'county', { role: 'supervisor' })).toEqual(['county']);
		expect(reportHalls(network, 'county', { role: 'supervisor', scope: 'network' })).toEqual(['county', 'town-a', 'town-b', 'village']);
		expect(reportHalls(network, 'town-a', { role: 'admin', scope: 'network' })).toEqual(['town-a', 'village']);
		expect(reportHalls(network, 'town-b', { role: 'supervisor', scope: 'network' })).not.toContain('county');
		expect(reportHalls(network, 'county', { role: 'staff' })).toEqual([]);
		expect(reportHalls(network, 'nowhere', { role: 'supervisor' })).toEqual([]);
	});

	it('names a loop once, with its path, and an unknown parent', () => {
		expect(networkProblems([{ id: 'x', parent: 'y' }, { id: 'y', parent: 'z' }, { id: 'z', parent: 'x' }, { id: 'w', parent: 'x' }])).toEqual([
			'hall x: its parents lead back to it (x → y → z → x)'
		]);
		expect(networkProblems([{ id: 'x', parent: 'gone' }])).toEqual(['hall x: parent "gone" is not a configured hall']);
	});
});
