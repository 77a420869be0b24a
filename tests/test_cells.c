/*
 * test_cells.c — the trace table and what cells_build() makes of it:
 * interning, warm-up in time order, errors, cell order.
 */
#include "helpers.h"

#include <math.h>
#include <string.h>

#include "../analyze/cells.h"
#include "../ingest/trace.h"

static uint32_t
cell_of(struct trace *t, const char *model, const char *provider)
{
	uint32_t key[TRACE_MAX_KEYS], cell;
	struct err e;
	size_t mi, pi;

	for (size_t k = 0; k < TRACE_MAX_KEYS; k++)
		key[k] = TRACE_NONE;
	assert_int_equal(trace_key_find_or_add(t, "model", &mi, &e), 0);
	assert_int_equal(trace_key_find_or_add(t, "provider", &pi, &e), 0);
	if (model)
		assert_int_equal(trace_str_intern(t, model, strlen(model), &key[mi],
		                                  &e), 0);
	if (provider)
		assert_int_equal(trace_str_intern(t, provider, strlen(provider),
		                                  &key[pi], &e), 0);
	assert_int_equal(trace_cell_intern(t, key, &cell, &e), 0);
	return cell;
}

static void
add(struct trace *t, uint32_t cell, double ttft, double start, bool ok)
{
	struct trace_row r = {ttft, start, cell, t->n + 2, ok ? 200 : 500, ok, NAN, NAN};
	struct err e;

	assert_int_equal(trace_append(t, &r, &e), 0);
}

static void
keys_are_interned_once(void **state)
{
	struct trace *t = trace_new();
	struct err e;
	uint32_t a, b, c;
	uint16_t src;

	(void)state;
	assert_int_equal(trace_source_add(t, "x.csv", &src, &e), 0);
	assert_int_equal(trace_str_intern(t, "llama", 5, &a, &e), 0);
	assert_int_equal(trace_str_intern(t, "llama-x", 5, &b, &e), 0);
	assert_int_equal(trace_str_intern(t, "qwen", 4, &c, &e), 0);
	assert_int_equal(a, b);
	assert_int_not_equal(a, c);
	assert_string_equal(trace_str(t, a), "llama");
	assert_int_equal(cell_of(t, "m", "p"), cell_of(t, "m", "p"));
	assert_int_not_equal(cell_of(t, "m", "p"), cell_of(t, "m", NULL));
	/* a million rows of two cells hold two cells */
	for (int i = 0; i < 1000000; i++)
		add(t, (uint32_t)(i & 1), 0.5, NAN, true);
	assert_int_equal(t->ncells, 2);
	assert_int_equal(t->n, 1000000);
	trace_free(t);
}

/* A row costs 26 bytes whatever the input (see trace.h): whether it is a
 * sample is its TTFT (NaN for a failure), and which input it came from is
 * where it lies in the table. */
static void
a_row_costs_26_bytes_and_knows_its_input(void **state)
{
	struct trace *t = trace_new();
	size_t per_row = sizeof *t->ttft + sizeof *t->start + sizeof *t->cell +
	                 sizeof *t->line + sizeof *t->status;
	uint16_t a, empty, b;
	struct err e;
	uint32_t c;

	(void)state;
	assert_int_equal(per_row, 26);
	assert_int_equal(trace_source_add(t, "a.csv", &a, &e), 0);
	c = cell_of(t, "m", "p");
	add(t, c, 0.1, NAN, true);
	add(t, c, NAN, NAN, false);
	assert_int_equal(trace_source_add(t, "empty.csv", &empty, &e), 0);
	assert_int_equal(trace_source_add(t, "b.csv", &b, &e), 0);
	add(t, c, 0.3, NAN, false);
	add(t, c, 0.4, NAN, true);
	assert_int_equal(trace_row_source(t, 0), a);
	assert_int_equal(trace_row_source(t, 1), a);
	assert_int_equal(trace_row_source(t, 2), b);
	assert_int_equal(trace_row_source(t, 3), b);
	assert_true(trace_ok(t, 0));
	assert_false(trace_ok(t, 1));
	assert_false(trace_ok(t, 2));       /* a failure's TTFT is not kept */
	assert_true(isnan(t->ttft[2]));
	assert_true(trace_ok(t, 3));
	trace_free(t);
}

static void
warmup_drops_the_first_successes_in_time_order(void **state)
{
	struct trace *t = trace_new();
	struct cells *cs;
	struct err e;
	uint16_t src;
	uint32_t c;

	(void)state;
	assert_int_equal(trace_source_add(t, "x.csv", &src, &e), 0);
	c = cell_of(t, "m", "p");
	/* file order is not time order: the 9.0 s request came first */
	add(t, c, 0.30, 300, true);
	add(t, c, 9.00, 100, true);
	add(t, c, 0.00, 150, false);   /* a failure: counted, never warm-up */
	add(t, c, 0.40, 400, true);
	add(t, c, 5.00, 200, true);
	add(t, c, 0.50, 500, true);
	assert_int_equal(cells_build(t, 2, &cs, &e), 0);
	assert_int_equal(cs->n, 1);
	assert_int_equal(cs->c[0].warmup_discarded, 2);
	assert_int_equal(cs->c[0].errors, 1);
	assert_int_equal(cs->c[0].d.n, 3);
	/* left after dropping 9.0 (t=100) and 5.0 (t=200): 0.3, 0.4, 0.5 */
	assert_close(cs->c[0].d.max, 0.5, 0, "max");
	assert_close(cs->c[0].d.median, 0.4, 0, "median");
	cells_free(cs);
	trace_free(t);
}

static void
without_start_times_warmup_is_file_order(void **state)
{
	struct trace *t = trace_new();
	struct cells *cs;
	struct err e;
	uint16_t src;
	uint32_t c;

	(void)state;
	assert_int_equal(trace_source_add(t, "x.csv", &src, &e), 0);
	c = cell_of(t, "m", "p");
	add(t, c, 3.0, NAN, true);
	add(t, c, 0.1, 50, true);
	add(t, c, 0.2, 10, true);
	assert_int_equal(cells_build(t, 1, &cs, &e), 0);
	assert_int_equal(cs->c[0].d.n, 2);
	assert_close(cs->c[0].d.max, 0.2, 0, "3.0 s dropped first");
	assert_true(contains(cs->c[0].warn[cs->c[0].nwarn - 1], "file order"));
	cells_free(cs);
	trace_free(t);
}

static void
cells_are_sorted_by_model_then_provider(void **state)
{
	struct trace *t = trace_new();
	struct cells *cs;
	struct err e;
	uint16_t src;
	const char *order[][2] = {{NULL, "z"}, {"a", "y"}, {"b", NULL},
	                          {"b", "a"}};

	(void)state;
	assert_int_equal(trace_source_add(t, "x.csv", &src, &e), 0);
	add(t, cell_of(t, "b", "a"), 1, NAN, true);
	add(t, cell_of(t, "a", "y"), 1, NAN, true);
	add(t, cell_of(t, NULL, "z"), 1, NAN, true);
	add(t, cell_of(t, "b", NULL), 1, NAN, true);
	assert_int_equal(cells_build(t, 0, &cs, &e), 0);
	assert_int_equal(cs->n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct trace_cell *k = &t->cells[cs->c[i].id];
		const char *m = trace_str(t, k->key[0]), *p = trace_str(t, k->key[1]);
		assert_true(m == order[i][0] || strcmp(m, order[i][0]) == 0);
		assert_true(p == order[i][1] || strcmp(p, order[i][1]) == 0);
	}
	cells_free(cs);
	trace_free(t);
}

static void
small_cells_carry_warnings(void **state)
{
	struct trace *t = trace_new();
	struct cells *cs;
	struct err e;
	uint16_t src;

	(void)state;
	assert_int_equal(trace_source_add(t, "x.csv", &src, &e), 0);
	add(t, cell_of(t, "one", "p"), 0.5, NAN, true);
	add(t, cell_of(t, "zero", "p"), 0.5, NAN, false);
	for (int i = 0; i < 75; i++)
		add(t, cell_of(t, "full", "p"), 0.5 + i * 0.001, NAN, true);
	assert_int_equal(cells_build(t, 0, &cs, &e), 0);
	/* sorted: full, one, zero */
	assert_int_equal(cs->c[0].nwarn, 0);
	assert_true(contains(cs->c[1].warn[0], "sd and CV need at least 2"));
	assert_true(contains(cs->c[1].warn[1], "fewer than 75 requests"));
	assert_true(isnan(cs->c[1].d.sd));
	assert_true(contains(cs->c[2].warn[0], "no successful requests"));
	assert_int_equal(cs->c[2].errors, 1);
	cells_free(cs);
	trace_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_are_interned_once),
		cmocka_unit_test(a_row_costs_26_bytes_and_knows_its_input),
		cmocka_unit_test(warmup_drops_the_first_successes_in_time_order),
		cmocka_unit_test(without_start_times_warmup_is_file_order),
		cmocka_unit_test(cells_are_sorted_by_model_then_provider),
		cmocka_unit_test(small_cells_carry_warnings),
	};

	return cmocka_run_group_tests_name("cells", tests, NULL, NULL);
}
