/* sk-recovery-wizard.h: "I lost my phone": the recovery plan, one decision
 * per page
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

typedef enum {
  SK_WIZARD_PAGE_LOST,
  SK_WIZARD_PAGE_AFFECTED,
  SK_WIZARD_PAGE_STEPS,
  SK_WIZARD_PAGE_WAYS,
  SK_WIZARD_PAGE_EVIDENCE,
  SK_WIZARD_PAGE_LETTER,
  SK_WIZARD_PAGE_CLOSE,
  SK_WIZARD_N_PAGES
} SkWizardPage;

#define SK_TYPE_RECOVERY_WIZARD (sk_recovery_wizard_get_type ())
G_DECLARE_FINAL_TYPE (SkRecoveryWizard, sk_recovery_wizard, SK, RECOVERY_WIZARD, AdwWindow)

/* Opens where the recovery under way stands, or on "what was lost".
 * @lost_uuid (optional): an identity to preselect as lost; the wizard
 * then opens on "what was lost" with it ticked (added to the recovery
 * under way, if any), or resumes if the recovery has it already. */
SkRecoveryWizard *sk_recovery_wizard_new      (GtkWindow        *parent,
                                               SkSession        *session,
                                               const char       *lost_uuid);
SkWizardPage      sk_recovery_wizard_get_page (SkRecoveryWizard *self);
void              sk_recovery_wizard_set_page (SkRecoveryWizard *self,
                                               SkWizardPage      page);

G_END_DECLS
