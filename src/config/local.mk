noinst_LIBRARIES += src/config/libconfig.a
src_config_libconfig_a_CPPFLAGS = $(AM_CPPFLAGS) $(UTF8PROC_CFLAGS)
src_config_libconfig_a_SOURCES = \
	src/config/config.h src/config/internal.h src/config/vars.def src/config/functions.def \
	src/config/config.c src/config/rc.c src/config/var.c src/config/command.c src/config/dump.c \
	src/config/keyname.c src/config/keymap.c src/config/input.c src/config/keycmd.c \
	src/config/format.c \
	src/config/lists.c src/config/hooks.c src/config/alias.c src/config/color.c
