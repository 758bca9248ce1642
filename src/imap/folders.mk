# src/imap/folders.mk: (owned by the folders work; list its files here)
