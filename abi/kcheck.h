/* PLACEHOLDER until the ABI lands (issue 3). */
#ifndef KCHECK_H
#define KCHECK_H
#endif
