#include <stdio.h>

int main(void) {
    printf("Hello from an image built on debian:latest\n");
    return 0;
}
