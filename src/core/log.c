/* log.c - an optional debug log file. Lower layers log; they never print. */
#include <fcntl.h>
#include <sys/stat.h>

#include "core/core.h"

static int log_fd = -1;
static enum log_level log_max = LOG_WARN;

int log_open(const char *path, enum log_level level)
{
	log_close();
	if (!path)
		return 0;
	log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (log_fd < 0)
		return ERR_IO;
	log_max = level;
	return 0;
}

void log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	struct buf line = BUF_INIT;
	va_list ap;
	time_t now;
	struct tm tm;
	char stamp[32];

	if (log_fd < 0 || level > log_max)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	buf_printf(&line, "%s [%s] ", stamp, names[level]);
	va_start(ap, fmt);
	buf_vprintf(&line, fmt, ap);
	va_end(ap);
	buf_addch(&line, '\n');
	(void)write_all(log_fd, line.data, line.len);
	buf_release(&line);
}
