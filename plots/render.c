/*
 * render.c — gnuplot on each script, and the index page.
 *
 * gnuplot runs without a shell (fork, execvp) in a private folder that
 * ttftstat created inside the output folder (mode 0700, a new name), with
 * the script on its standard input and the data one folder up: gnuplot's
 * own `set output` follows links and truncates, so it never opens
 * anything in the folder itself.  Each figure it wrote is then checked to
 * be a regular file and renamed over its final name (outdir.c).  Its
 * standard error is read back, so a warning can be reported and tested
 * for.
 */
#include "plots.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outdir.h"

/* Is gnuplot an executable on PATH?  (execvp's own ENOENT would only be
 * seen in the child.) */
static bool
have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char dir[4096];

	if (path == NULL)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(dir, sizeof dir, "%.*s/gnuplot", (int)(n ? n : 1),
		         n ? path : ".");
		if (access(dir, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static int
append(char **buf, size_t *len, const char *s, size_t n)
{
	char *nb = realloc(*buf, *len + n + 1);

	if (nb == NULL)
		return -1;
	memcpy(nb + *len, s, n);
	*len += n;
	nb[*len] = '\0';
	*buf = nb;
	return 0;
}

/* The script, opened without following a link or waiting on a FIFO. */
static int
open_script(const struct outdir *d, const char *script, struct err *e)
{
	int fd = openat(d->fd, script, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	                O_CLOEXEC);
	struct stat sb;

	if (fd < 0)
		return -err_set(e, ERR_IO, "cannot read %s/%s: %s", d->path, script,
		                strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -err_set(e, ERR_IO, "%s/%s is not a regular file", d->path,
		                script);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

static int
run_one(const struct outdir *d, int privfd, const char *name, char **warn,
        size_t *wlen, struct err *e)
{
	int pipefd[2], status, in;
	char script[96], chunk[4096];
	pid_t pid;
	ssize_t got;

	snprintf(script, sizeof script, "%s.gp", name);
	if ((in = open_script(d, script, e)) < 0)
		return -in;
	if (pipe(pipefd) != 0) {
		close(in);
		return err_set(e, ERR_IO, "cannot start gnuplot: %s", strerror(errno));
	}
	pid = fork();
	if (pid < 0) {
		close(in);
		close(pipefd[0]);
		close(pipefd[1]);
		return err_set(e, ERR_IO, "cannot start gnuplot: %s", strerror(errno));
	}
	if (pid == 0) {
		/* the script from stdin ("-"), its data in the folder above */
		char *argv[] = {"gnuplot", "-e", "datadir='../'", "-", NULL};
		int null = open("/dev/null", O_WRONLY);
		dup2(in, 0);
		if (null >= 0)
			dup2(null, 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		if (fchdir(privfd) != 0)
			_exit(126);
		execvp("gnuplot", argv);
		_exit(127);
	}
	close(in);
	close(pipefd[1]);
	while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0) {
		char head[128];
		int hn = *wlen == 0 || (*warn)[*wlen - 1] == '\n'
		         ? snprintf(head, sizeof head, "%s: ", script) : 0;
		if ((hn > 0 && append(warn, wlen, head, (size_t)hn) != 0) ||
		    append(warn, wlen, chunk, (size_t)got) != 0) {
			close(pipefd[0]);
			waitpid(pid, &status, 0);
			return err_nomem(e);
		}
	}
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return err_set(e, ERR_IO, "gnuplot: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, ERR_IO, "gnuplot failed on %s/%s (exit %d)%s",
		               d->path, script,
		               WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		               *wlen ? "; its messages are above" : "");
	return 0;
}

int
plots_render(const struct plot_opts *o, const struct figures *fl,
             char **warnings, struct err *e)
{
	struct outdir d;
	char priv[64], file[128];
	size_t wlen = 0;
	int rc = 0, privfd = -1;

	*warnings = calloc(1, 1);
	if (*warnings == NULL)
		return err_nomem(e);
	if (!have_gnuplot())
		return err_set(e, ERR_UNAVAILABLE, "--render needs gnuplot, which is "
		               "not installed (Debian: apt-get install gnuplot-nox); "
		               "the scripts are in %s", o->dir);
	if ((rc = outdir_open(&d, o->dir, e)) != 0)
		return rc;
	if ((rc = outdir_private(&d, priv, sizeof priv, &privfd, e)) != 0) {
		outdir_close(&d);
		return rc;
	}
	for (size_t i = 0; i < fl->n && rc == 0; i++) {
		rc = run_one(&d, privfd, fl->f[i].name, warnings, &wlen, e);
		snprintf(file, sizeof file, "%s.%s", fl->f[i].name,
		         gp_extension(o->term));
		if (rc == 0)
			rc = outdir_adopt(&d, privfd, file, e);
	}
	outdir_private_remove(&d, privfd, priv);
	outdir_close(&d);
	return rc;
}

/* ==== index.html ==== */

static void
html(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
	}
}

int
plots_index(const struct plot_opts *o, const struct figures *fl,
            struct err *e)
{
	const char *ext = gp_extension(o->term);
	struct outdir d;
	struct outfile f;
	FILE *fp;
	int rc;

	if ((rc = outdir_open(&d, o->dir, e)) != 0)
		return rc;
	if ((rc = outfile_create(&d, "index.html", &f, e)) != 0) {
		outdir_close(&d);
		return rc;
	}
	fp = f.fp;
	fputs("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
	      "<title>ttftstat figures</title></head>\n<body style=\"font-family:"
	      "sans-serif;max-width:1000px;margin:auto\">\n<h1>ttftstat "
	      "figures</h1>\n<p>Each figure is NAME.gp (gnuplot script) and "
	      "NAME.dat (its data): edit and rerun <code>gnuplot NAME.gp</code>."
	      "</p>\n", fp);
	if (fl->cells_drawn < fl->cells)
		fprintf(fp, "<p>Per-cell figures for the %zu worst of %zu cells "
		        "(unreliable first, then the highest CV; --max-figures "
		        "draws more); every cell is in <code>ttftstat summary</code>."
		        "</p>\n", fl->cells_drawn, fl->cells);
	for (size_t i = 0; i < fl->n; i++) {
		fputs("<figure>", fp);
		if (o->term == GP_PDF)
			fprintf(fp, "<a href=\"%s.pdf\">%s.pdf</a>", fl->f[i].name,
			        fl->f[i].name);
		else {
			fprintf(fp, "<img src=\"%s.%s\" style=\"max-width:100%%\" "
			        "alt=\"", fl->f[i].name, ext);
			html(fp, fl->f[i].alt);
			fputs("\">", fp);
		}
		fputs("<figcaption>", fp);
		html(fp, fl->f[i].title);
		fputs("</figcaption></figure>\n", fp);
	}
	fputs("</body></html>\n", fp);
	rc = outfile_commit(&f, e);
	outdir_close(&d);
	return rc;
}
