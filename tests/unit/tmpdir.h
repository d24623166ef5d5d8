/* Temporary directories of the unit tests: each fixture makes one and removes it, with all
 * it holds, at teardown. */
#ifndef KL_TEST_TMPDIR_H
#define KL_TEST_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Remove path and, when it is a directory, everything below it. */
static inline void kl_test_rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[512];
        int n = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        if (n > 0 && (size_t)n < sizeof p)
            kl_test_rm_tree(p);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

#endif
