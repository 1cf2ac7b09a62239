import type { CatalogService } from '$contract';

/** Services by tickets issued today, most first; equal counts keep their catalog order. */
export function byMostUsed(services: readonly CatalogService[]): CatalogService[] {
	return services
		.map((service, i) => ({ service, i }))
		.sort((a, b) => (b.service.issuedToday ?? 0) - (a.service.issuedToday ?? 0) || a.i - b.i)
		.map((x) => x.service);
}
