# src/imap/copy.mk: (owned by the copy work; list its files here)
