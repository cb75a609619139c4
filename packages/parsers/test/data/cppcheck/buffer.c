#include <stdlib.h>
#include <string.h>

char *copy_name(const char *name) {
    char *out = malloc(8);
    strcpy(out, name);
    return out;
}

int first(void) {
    int values[4];
    values[4] = 1;
    return values[0];
}

void leak(void) {
    char *buffer = malloc(128);
    buffer[0] = 'x';
}

int unset(void) {
    int total;
    return total + 1;
}
