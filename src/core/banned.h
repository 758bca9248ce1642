/*
 * banned.h - functions that are too easy to misuse. Using one is a compile
 * error that names the safe replacement. Included last by core.h, after the
 * system headers, so their declarations are not disturbed: include system
 * headers before "core/core.h".
 */
#ifndef TERN_BANNED_H
#define TERN_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_use_buf_or_snprintf

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif /* TERN_BANNED_H */
