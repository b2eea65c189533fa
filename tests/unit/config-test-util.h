/* config-test-util.h: what the domain-config tests use to read the corpus and compare trees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

char      *config_test_load_corpus_file (const char *name);
char      *config_test_canonical        (const char *xml);
/* The paths where @b_xml differs from @a_xml, "+" for an added node and "-" for a removed one. */
GPtrArray *config_test_diff_documents   (const char *a_xml,
                                         const char *b_xml);
/* The diff path of the model's device @index in @xml, e.g. "/domain/devices[1]/disk[2]". */
char      *config_test_device_path      (const char *xml,
                                         guint       index);

G_END_DECLS
