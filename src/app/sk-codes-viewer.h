/* sk-codes-viewer.h: an account's recovery codes, large enough to type
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_CODES_VIEWER (sk_codes_viewer_get_type ())
G_DECLARE_FINAL_TYPE (SkCodesViewer, sk_codes_viewer, SK, CODES_VIEWER, AdwWindow)

/* Shows the recovery code @code_uuid of @account, or all of them when
 * @code_uuid is NULL, each with Copy and Mark Used (undoable). Its
 * messages appear in its own toast overlay. */
SkCodesViewer *sk_codes_viewer_new            (GtkWindow     *parent,
                                               SkSession     *session,
                                               SkAccount     *account,
                                               const char    *code_uuid);
/* The codes shown now (code uuids, in order). */
GPtrArray     *sk_codes_viewer_list_shown     (SkCodesViewer *self);

G_END_DECLS
