/* Lookup of the data tables compiled into the binary. */
#include "base.h"

#include <string.h>

const kl_embedded_file *kl_embedded_find(const char *name)
{
    for (size_t i = 0; i < kl_embedded_count; i++)
        if (strcmp(kl_embedded_files[i].name, name) == 0)
            return &kl_embedded_files[i];
    return NULL;
}
