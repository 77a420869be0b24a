/*
 * err.h — how every library layer of ttftstat reports failure.
 *
 * A function that can fail returns an int status, 0 on success, and fills a
 * caller-provided struct err with one human-readable line.  The codes are the
 * process exit codes of sysexits(3), so the CLI reports the message once and
 * exits with e.code; no library layer prints or exits.
 */
#ifndef TTFT_ERR_H
#define TTFT_ERR_H

enum {
	ERR_OK = 0,
	ERR_GATE = 1,           /* a --fail-if gate tripped */
	ERR_USAGE = 2,          /* bad command line */
	ERR_DATA = 65,          /* EX_DATAERR: nothing usable, or --strict */
	ERR_NOINPUT = 66,       /* EX_NOINPUT: cannot open an input */
	ERR_UNAVAILABLE = 69,   /* EX_UNAVAILABLE: gnuplot missing */
	ERR_NOMEM = 71,         /* EX_OSERR: out of memory */
	ERR_CANTCREAT = 73,     /* EX_CANTCREAT: cannot create output */
	ERR_IO = 74             /* EX_IOERR: read or write failed */
};

#define ERR_MSG_MAX 640

struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

/* Record a failure; returns code so callers can write `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* The message for running out of memory, used by every layer alike. */
int err_nomem(struct err *e);

#endif
