/*
 * studies.h — the studies of `make validate`; each prints its Markdown
 * table to fp and returns the number of targets it missed.
 */
#ifndef TTFT_STUDIES_H
#define TTFT_STUDIES_H

#include <stddef.h>
#include <stdio.h>

int study_bimodal(FILE *fp, size_t reps);
int study_keepwarm(FILE *fp, size_t reps);
int study_coverage(FILE *fp, size_t reps);
int study_compare(FILE *fp, size_t reps);
int study_rank(FILE *fp, size_t reps);
int study_autocorr(FILE *fp, size_t reps);
int study_stability(FILE *fp, size_t reps);
int study_capture(FILE *fp, size_t reps);

#endif
