/* main.c - tern's entry point: options, then the interface or a headless action */
#include <locale.h>

#include "core/core.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	printf("tern %s\n", PACKAGE_VERSION);
	return 0;
}
