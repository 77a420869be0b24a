/*
 * validate.c — `make validate`: the simulation study behind every
 * statistical claim of the README, against population truth.
 *
 *     build/release/tests/validate [--reps N] [--threads T] [--only STUDY]
 *                                  [--smoke]
 *
 * Writes Markdown tables to standard output, each rate with its Monte
 * Carlo standard error, and exits 1 when a target is missed.  Fixed
 * seeds: the same table on every run and machine.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "studies.h"

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(FILE *, size_t);
	} studies[] = {
		{"coverage", study_coverage},
		{"bimodal", study_bimodal},
		{"keepwarm", study_keepwarm},
		{"compare", study_compare},
		{"rank", study_rank},
		{"autocorr", study_autocorr},
		{"stability", study_stability},
		{"capture", study_capture},
	};
	size_t reps = 400;
	const char *only = NULL;
	int missed = 0, shown = 0;
	bool smoke = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
			reps = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			sim_set_threads((unsigned)strtoul(argv[++i], NULL, 10));
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else if (strcmp(argv[i], "--smoke") == 0)
			smoke = true;
		else {
			fprintf(stderr, "usage: validate [--reps N] [--threads T] "
			        "[--only STUDY] [--smoke]\n");
			return 2;
		}
	}
	printf("## Simulation study (`make validate`, %zu replicates a row)\n\n",
	       reps);
	for (size_t i = 0; i < sizeof studies / sizeof studies[0]; i++) {
		int m;
		if (only != NULL && strcmp(only, studies[i].name) != 0)
			continue;
		m = studies[i].fn(stdout, reps);
		fflush(stdout);
		shown++;
		if (m && !smoke)
			fprintf(stderr, "validate: %s: %d target%s missed\n",
			        studies[i].name, m, m == 1 ? "" : "s");
		missed += m;
	}
	if (smoke) {
		/* every study ran to its table; few replicates cannot judge a
		 * target */
		fprintf(stderr, "validate: smoke run: %d studies, %zu replicates a "
		        "row\n", shown, reps);
		return ferror(stdout) || shown == 0 ? 1 : 0;
	}
	return missed ? 1 : 0;
}
