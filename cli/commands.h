/*
 * commands.h — the command table's entries.
 *
 * To add a command: write cmd_NAME.c with `int cmd_NAME(int argc, char
 * **argv)` returning an exit code (see ingest/err.h), declare it here, and
 * add one line to commands[] in main.c; the Makefile builds every
 * file in cli/ by itself.
 */
#ifndef TTFT_COMMANDS_H
#define TTFT_COMMANDS_H

int cmd_summary(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
