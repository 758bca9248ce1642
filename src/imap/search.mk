# src/imap/search.mk: (owned by the search work; list its files here)
