# src/imap/idle.mk: (owned by the idle work; list its files here)
