/* sk-recovery-wizard.c: "I lost my phone": the recovery plan, one decision
 * per page
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-qr-dialog.h"
#include "sk-recovery-wizard.h"

static const guint audit_days[] = { 7, 14, 30 };

struct _SkRecoveryWizard
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkButton       *back_button;
  GtkButton       *next_button;
  GtkLabel        *progress_label;
  GtkWidget       *status_label;

  GtkWidget       *boxes[SK_WIZARD_N_PAGES];
  GtkWidget       *pages[SK_WIZARD_N_PAGES];
  SkSession       *session;
  SkWizardPage     current;
  char            *preselect;

  /* Page 1 */
  GPtrArray       *lost_checks;      /* GtkCheckButton*, data "uuid" */
  GtkEditable     *number_row;
  GtkEditable     *date_row;
  /* Page 6 */
  GPtrArray       *letter_accounts;  /* account uuids, plan order */
  AdwComboRow     *letter_account_row;
  AdwComboRow     *letter_lang_row;
  AdwComboRow     *channel_row;
  GtkTextView     *letter_view;
  AdwActionRow    *escalation_row;
  /* Page 7 */
  GPtrArray       *new_phones;       /* identity uuids; NULL entry: "new number" */
  GPtrArray       *new_devices;      /* identity uuids; first NULL: none */
  AdwComboRow     *new_phone_row;
  AdwComboRow     *new_device_row;
  GtkEditable     *new_number_row;
  AdwComboRow     *audit_row;

  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (SkRecoveryWizard, sk_recovery_wizard, ADW_TYPE_WINDOW)

static const char * const page_titles[SK_WIZARD_N_PAGES] = {
  N_("What was lost"),
  N_("Affected accounts"),
  N_("Emergency steps"),
  N_("Ways back in"),
  N_("Evidence"),
  N_("Appeal letter"),
  N_("Closing out"),
};

/* Helpers ---------------------------------------------------------------- */

static SkVault *
get_vault (SkRecoveryWizard *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

static void
toast (SkRecoveryWizard *self,
       const char       *text)
{
  AdwToast *t = sk_toast_new (text);

  adw_toast_set_timeout (t, 4);
  sk_toast_overlay_add (self->toast_overlay, t);
}

static void
show_error (SkRecoveryWizard *self,
            GError           *error)
{
  toast (self, error->message);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static void
add_heading (GtkWidget  *box,
             const char *title,
             const char *text)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (box), label);
  if (text != NULL)
    {
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "body");
      gtk_box_append (GTK_BOX (box), label);
    }
}

static GtkWidget *
add_group (GtkWidget  *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  /* libadwaita 1.2 reads a group's title and description as markup, with
   * no switch to turn it off: both often hold names, so they are escaped. */
  if (title != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
    }
  if (description != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
    }
  gtk_box_append (GTK_BOX (box), group);
  return group;
}

static GtkWidget *
check_row (const char *title,
           const char *subtitle,
           gboolean    active,
           GtkWidget **check_out)
{
  GtkWidget *row = sk_row_plain (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* The row labels its activatable check: a name of its own as well
   * would be read twice. */
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  *check_out = check;
  return row;
}

static char *
identity_display (SkVault    *vault,
                  const char *uuid)
{
  SkIdentity *identity = sk_inventory_lookup_identity (vault, uuid);

  if (identity == NULL)
    return g_strdup (uuid);
  if (sk_identity_get_label (identity) != NULL && *sk_identity_get_label (identity) != '\0')
    {
      g_autofree char *value = sk_identity_dup_display (identity, FALSE);

      return g_strdup_printf ("%s (%s)", sk_identity_get_label (identity), value);
    }
  return sk_identity_dup_display (identity, FALSE);
}

static char *
lost_list (SkVault     *vault,
           char       **uuids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; uuids != NULL && uuids[i] != NULL; i++)
    {
      g_autofree char *display = identity_display (vault, uuids[i]);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, display);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
account_name (SkVault    *vault,
              const char *uuid)
{
  SkAccount *account = sk_vault_lookup_account (vault, uuid);

  return account != NULL ? sk_account_get_display_name (account) : uuid;
}

static const char *
risk_short (SkRecoveryRisk risk)
{
  switch (risk)
    {
    case SK_RECOVERY_RISK_MONEY:
      return _("Money at risk");
    case SK_RECOVERY_RISK_LOCKED_OUT:
      return _("Locked out");
    case SK_RECOVERY_RISK_EXPOSED:
      return _("Exposed");
    case SK_RECOVERY_RISK_COVERED:
    default:
      return _("Covered");
    }
}

static const char *
risk_class (SkRecoveryRisk risk)
{
  switch (risk)
    {
    case SK_RECOVERY_RISK_MONEY:
      return "error";
    case SK_RECOVERY_RISK_LOCKED_OUT:
      return "warning";
    case SK_RECOVERY_RISK_EXPOSED:
      return "accent";
    case SK_RECOVERY_RISK_COVERED:
    default:
      return "success";
    }
}

static GtkWidget *
risk_badge (SkRecoveryRisk risk)
{
  GtkWidget *label = gtk_label_new (risk_short (risk));

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, risk_class (risk));
  return label;
}

static GPtrArray *
current_plan (SkRecoveryWizard  *self,
              SkRecoveryCase   **recovery_out)
{
  SkVault *vault = get_vault (self);
  SkRecoveryCase *recovery = vault ? sk_recovery_get_case (vault) : NULL;

  *recovery_out = recovery;
  if (recovery == NULL)
    return NULL;
  return sk_recovery_plan (vault, recovery);
}

static void
no_case (GtkWidget *box)
{
  add_heading (box, _("No recovery under way"),
               _("Go back to the first page and say what was lost."));
}

/* Page 1: what was lost -------------------------------------------------- */

static void
build_lost (SkRecoveryWizard *self,
            GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault);
  g_autoptr(GPtrArray) identities = sk_inventory_list_identities (vault);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (today, "%Y-%m-%d");
  GtkWidget *group, *row;
  guint shown = 0;

  add_heading (box, _("What was lost?"),
               _("Tick the phone number and the device that are gone. Sparekey then lists "
                 "the accounts that depend on them, most urgent first."));
  if (recovery != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("A recovery is under way since %s. What you tick "
                                                 "now is added to it; what is done so far stays "
                                                 "done."), recovery->date);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  g_ptr_array_set_size (self->lost_checks, 0);
  group = add_group (box, _("Phone numbers and devices"), NULL);
  for (guint i = 0; i < identities->len; i++)
    {
      SkIdentity *identity = identities->pdata[i];
      const char *uuid = sk_identity_get_uuid (identity);
      SkIdentityKind kind = sk_identity_get_kind (identity);
      g_autofree char *display = NULL;
      gboolean in_case = FALSE;
      gboolean preselected = g_strcmp0 (uuid, self->preselect) == 0;
      GtkWidget *check;

      if (recovery != NULL)
        in_case = g_strv_contains ((const char * const *) recovery->lost, uuid);
      /* Another kind (a lost hardware key...) only when it was chosen
       * in the inventory or is part of the recovery. */
      if (kind != SK_IDENTITY_PHONE && kind != SK_IDENTITY_DEVICE && !preselected && !in_case)
        continue;
      if (sk_identity_get_status (identity) == SK_IDENTITY_CANCELLED && !in_case)
        continue;
      display = identity_display (vault, uuid);
      row = check_row (display, sk_identity_kind_get_label (kind), in_case || preselected, &check);
      if (in_case)
        {
          gtk_widget_set_sensitive (check, FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Marked lost"));
        }
      gtk_widget_set_name (check, uuid);
      g_object_set_data_full (G_OBJECT (check), "uuid", g_strdup (uuid), g_free);
      g_ptr_array_add (self->lost_checks, check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      shown++;
    }
  if (shown == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No phone or device is recorded in this vault yet: "
                                             "type the lost number below."));

  group = add_group (box, NULL, NULL);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Another lost phone number"));
  gtk_widget_set_name (row, "number");
  self->number_row = GTK_EDITABLE (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Lost on (YYYY-MM-DD)"));
  gtk_editable_set_text (GTK_EDITABLE (row), recovery != NULL ? recovery->date : day);
  gtk_widget_set_name (row, "date");
  self->date_row = GTK_EDITABLE (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* Marks what was ticked lost; FALSE (and a toast) if nothing is. */
static gboolean
commit_lost (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) existing = sk_recovery_get_case (vault);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (self->number_row)));
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (self->date_row)));
  gint64 now = g_get_real_time ();
  guint n = 0;

  for (guint i = 0; i < self->lost_checks->len; i++)
    {
      GtkCheckButton *check = self->lost_checks->pdata[i];

      if (gtk_check_button_get_active (check) && gtk_widget_get_sensitive (GTK_WIDGET (check)))
        {
          g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "uuid"));
          n++;
        }
    }
  if (*number != '\0')
    {
      g_autoptr(GPtrArray) found = sk_inventory_find_identities (vault, number);
      g_autoptr(SkIdentity) identity = NULL;

      if (found->len == 1 && sk_identity_get_kind (found->pdata[0]) == SK_IDENTITY_PHONE)
        identity = g_object_ref (found->pdata[0]);
      else
        {
          identity = sk_identity_new (SK_IDENTITY_PHONE, number);
          if (!sk_inventory_save_identity (vault, identity, now, &error))
            {
              show_error (self, error);
              return FALSE;
            }
        }
      g_strv_builder_add (builder, sk_identity_get_uuid (identity));
      n++;
    }
  if (n == 0)
    {
      if (existing != NULL)
        return TRUE;
      toast (self, _("Tick what was lost, or type the lost phone number"));
      return FALSE;
    }
  lost = g_strv_builder_end (builder);
  recovery = sk_recovery_start (vault, (const char * const *) lost, *date ? date : NULL, now, &error);
  if (recovery == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* Page 2: affected accounts ---------------------------------------------- */

static void
build_affected (SkRecoveryWizard *self,
                GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = current_plan (self, &recovery);
  g_autofree char *lost = NULL;
  g_autofree char *intro = NULL;
  GtkWidget *group;

  if (plan == NULL)
    return no_case (box);
  lost = lost_list (vault, recovery->lost);
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Lost since %s: %s. %u account depends on it. Deal with "
                                        "the top of the list first: money before everything else.",
                                        "Lost since %s: %s. %u accounts depend on it. Deal with "
                                        "the top of the list first: money before everything else.",
                                        plan->len),
                           recovery->date, lost, plan->len);
  add_heading (box, _("Affected accounts"), intro);
  group = add_group (box, NULL, NULL);
  if (plan->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No recorded account is bound to what was lost. "
                                             "Record bindings in the inventory to get a plan."));
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, account_name (vault, item->account_uuid));
      GtkWidget *row = sk_row_plain (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sk_recovery_risk_get_label (item->risk));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), risk_badge (item->risk));
      gtk_widget_set_name (row, item->account_uuid);
      gtk_widget_add_css_class (row, "sk-affected");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* Page 3: emergency steps ------------------------------------------------ */

/* The one line an account's row says: its next step and where to take
 * it, or that all is done. */
static char *
steps_summary (SkRecoveryItem *item)
{
  for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
    if (item->needed[s] && item->done[s] == 0 && s != SK_RECOVERY_STEP_SUSPEND_NUMBER)
      {
        g_autofree char *progress = g_strdup_printf (_("%u of %u done"), item->n_done, item->n_needed);

        if (s == SK_RECOVERY_STEP_FREEZE && item->freeze_channel != NULL && item->freeze_channel->value != NULL)
          return g_strdup_printf (_("Next: %s (%s) · %s"), sk_recovery_step_get_label (s),
                                  item->freeze_channel->value, progress);
        return g_strdup_printf (_("Next: %s · %s"), sk_recovery_step_get_label (s), progress);
      }
  return g_strdup (_("All steps done"));
}

/* An expander row's subtitle, also its accessible description: the
 * row itself is named by its title (libadwaita 1.2 names it nothing). */
static void
set_expander_subtitle (GtkWidget  *row,
                       const char *subtitle)
{
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
}

/* After a tick, the account's row says what comes next. */
static void
update_steps_row (SkRecoveryWizard *self,
                  GtkWidget        *check)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(SkRecoveryItem) item = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_EXPANDER_ROW);

  if (recovery == NULL || row == NULL)
    return;
  item = sk_recovery_plan_account (vault, recovery, g_object_get_data (G_OBJECT (check), "target"), NULL);
  if (item == NULL)
    return;
  summary = steps_summary (item);
  set_expander_subtitle (row, summary);
}

static void
on_step_toggled (GtkCheckButton   *check,
                 SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  const char *target = g_object_get_data (G_OBJECT (check), "target");
  SkRecoveryStep step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "step"));

  if (self->loading || recovery == NULL)
    return;
  if (!sk_recovery_set_step (vault, recovery->uuid, target, step,
                             gtk_check_button_get_active (check), g_get_real_time (), &error))
    {
      show_error (self, error);
      return;
    }
  update_steps_row (self, GTK_WIDGET (check));
}

static GtkWidget *
step_row (SkRecoveryWizard *self,
          const char       *target,
          SkRecoveryStep    step,
          gint64            done)
{
  g_autofree char *name = g_strdup_printf ("step:%s:%s", target, sk_recovery_step_to_string (step));
  g_autofree char *when = NULL;
  GtkWidget *check;
  GtkWidget *row;

  if (done != 0)
    {
      g_autofree char *day = sk_format_day (done);

      when = g_strdup_printf (_("Done on %s"), day);
    }
  row = check_row (sk_recovery_step_get_label (step), when, done != 0, &check);
  gtk_widget_set_name (check, name);
  g_object_set_data_full (G_OBJECT (check), "target", g_strdup (target), g_free);
  g_object_set_data (G_OBJECT (check), "step", GUINT_TO_POINTER (step));
  g_signal_connect (check, "toggled", G_CALLBACK (on_step_toggled), self);
  return row;
}

static void
on_channel_open (GtkButton        *button,
                 SkRecoveryWizard *self)
{
  gtk_show_uri (GTK_WINDOW (self), g_object_get_data (G_OBJECT (button), "uri"), GDK_CURRENT_TIME);
}

static void
on_channel_copy (GtkButton        *button,
                 SkRecoveryWizard *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          g_object_get_data (G_OBJECT (button), "number"));
  toast (self, _("Number copied"));
}

/* The button of a concrete channel (sk_recovery_channel_for()): it
 * copies the number or opens the page; NULL when the channel has
 * neither. Its name says for which account, as many rows have one. */
static GtkWidget *
channel_button (SkRecoveryWizard        *self,
                const char              *target,
                const char              *step,
                const char              *account,
                const SkRecoveryChannel *channel)
{
  g_autofree char *name = NULL;
  g_autofree char *a11y = NULL;
  GtkWidget *button;

  if (channel == NULL || channel->value == NULL)
    return NULL;
  if (channel->phone != NULL)
    {
      button = gtk_button_new_with_label (_("Copy Number"));
      a11y = g_strdup_printf (_("Copy the number %s for %s"), channel->phone, account);
      g_object_set_data_full (G_OBJECT (button), "number", g_strdup (channel->phone), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_channel_copy), self);
    }
  else if (channel->url != NULL)
    {
      button = gtk_button_new_with_label (_("Open Page"));
      a11y = g_strdup_printf (_("Open the page of %s"), account);
      g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (channel->url), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_channel_open), self);
    }
  else
    return NULL;
  name = g_strdup_printf ("channel:%s:%s", target, step);
  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return button;
}

/* The channel in words, inside an account's row: the number, address
 * or steps and whose it is. */
static GtkWidget *
channel_row (const char              *label,
             const SkRecoveryChannel *channel)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (channel == NULL || channel->value == NULL)
    return NULL;
  row = sk_row_plain (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), channel->value);
  if (channel->own)
    subtitle = g_strdup_printf ("%s · %s", label, _("your own contact"));
  else if (channel->source != NULL)
    subtitle = g_strdup_printf (_("%s · source: %s"), label, channel->source);
  else
    subtitle = g_strdup (label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

/* One row per account, collapsed: the name, the next step with its
 * channel, and the channel's button; the steps to tick inside. */
static GtkWidget *
account_row (const char *name,
             const char *subtitle,
             const char *uuid)
{
  GtkWidget *row = sk_row_plain (adw_expander_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  set_expander_subtitle (row, subtitle);
  gtk_widget_set_name (row, uuid);
  return row;
}

static void
build_steps (SkRecoveryWizard *self,
             GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = current_plan (self, &recovery);
  GtkWidget *group = NULL;
  gboolean expanded = FALSE;

  if (plan == NULL)
    return no_case (box);
  add_heading (box, _("Emergency steps"),
               _("Do these now, from the top. Each tick is saved at once: you can close this "
                 "window and come back later."));
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      g_autofree char *display = NULL;

      if (identity == NULL || sk_identity_get_kind (identity) != SK_IDENTITY_PHONE)
        continue;
      if (group == NULL)
        group = add_group (box, _("Lost numbers"), _("Call your carrier from another phone"));
      display = identity_display (vault, sk_identity_get_uuid (identity));
      {
        const char *uuid = sk_identity_get_uuid (identity);
        gint64 done = sk_recovery_get_step (vault, recovery->uuid, uuid, SK_RECOVERY_STEP_SUSPEND_NUMBER);
        GtkWidget *row = step_row (self, uuid, SK_RECOVERY_STEP_SUSPEND_NUMBER, done);
        g_autofree char *subtitle = NULL;

        /* Which number, and when it was done. */
        if (done != 0)
          subtitle = g_strdup_printf ("%s · %s", display, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : display);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      }
    }
  group = add_group (box, _("Accounts"), NULL);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      const char *name = account_name (vault, item->account_uuid);
      g_autofree char *summary = NULL;
      GtkWidget *row, *button, *channel;

      if (item->n_needed == 0)
        continue;
      summary = steps_summary (item);
      row = account_row (name, summary, item->account_uuid);
      for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
        if (item->needed[s] && s != SK_RECOVERY_STEP_SUSPEND_NUMBER)
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), step_row (self, item->account_uuid, s, item->done[s]));
      if (item->needed[SK_RECOVERY_STEP_FREEZE])
        {
          channel = channel_row (_("Where to freeze it"), item->freeze_channel);
          if (channel != NULL)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row), channel);
          button = channel_button (self, item->account_uuid, "freeze", name, item->freeze_channel);
          if (button != NULL)
            adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
        }
      /* The most urgent account with something left is open. */
      if (!expanded && item->n_done < item->n_needed)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          expanded = TRUE;
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* Page 4: ways back ------------------------------------------------------ */

static void
on_show_qr (GtkButton        *button,
            SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  SkAccount *account = vault ? sk_vault_lookup_account (vault, g_object_get_data (G_OBJECT (button), "account")) : NULL;

  if (account != NULL)
    gtk_window_present (GTK_WINDOW (sk_qr_dialog_new (GTK_WINDOW (self), account)));
}

/* A way back in one line: what it is and through what. */
static char *
way_detail (SkVault       *vault,
            SkRecoveryWay *way)
{
  if (way->kind == SK_RECOVERY_WAY_RECOVERY_CODE)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u code left", "%u codes left",
                                         way->count), way->count);
  if (way->identity_uuid != NULL)
    return identity_display (vault, way->identity_uuid);
  return NULL;
}

static char *
way_text (SkVault       *vault,
          SkRecoveryWay *way)
{
  g_autofree char *detail = way_detail (vault, way);

  if (detail == NULL)
    return g_strdup (sk_recovery_way_get_label (way->kind));
  return g_strdup_printf ("%s · %s", sk_recovery_way_get_label (way->kind), detail);
}

static void
build_ways (SkRecoveryWizard *self,
            GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = current_plan (self, &recovery);
  GtkWidget *group;

  if (plan == NULL)
    return no_case (box);
  add_heading (box, _("Ways back in"),
               _("For each account, the best way back comes first. Where this vault still "
                 "makes the codes, show the QR code and scan it with the new phone."));
  group = add_group (box, _("Accounts"), NULL);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      const char *name = account_name (vault, item->account_uuid);
      g_autofree char *best = NULL;
      GtkWidget *row, *button, *channel;

      /* The row says the best way; where only an appeal is left, it
       * says where to send it. */
      if (item->ways->len > 0 && item->n_working > 0)
        {
          g_autofree char *text = way_text (vault, item->ways->pdata[0]);

          best = g_strdup_printf (_("Best: %s"), text);
        }
      else if (item->appeal_channel != NULL && item->appeal_channel->value != NULL)
        best = g_strdup_printf (_("Only an appeal is left: %s"), item->appeal_channel->value);
      else
        best = g_strdup (_("Only an appeal is left"));
      row = account_row (name, best, item->account_uuid);
      if (item->copy_here)
        {
          g_autofree char *a11y = g_strdup_printf (_("Show the QR code of %s to re-enrol"), name);

          /* One per account: no access key, and not the suggested
           * action (the page has one, Next). */
          button = gtk_button_new_with_label (_("Show QR"));
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_name (button, item->account_uuid);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          g_object_set_data_full (G_OBJECT (button), "account", g_strdup (item->account_uuid), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_show_qr), self);
          adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
        }
      else
        {
          button = channel_button (self, item->account_uuid, "appeal", name, item->appeal_channel);
          if (button != NULL)
            adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
        }
      for (guint w = 0; w < item->ways->len; w++)
        {
          SkRecoveryWay *way = item->ways->pdata[w];
          GtkWidget *way_row = sk_row_plain (adw_action_row_new ());
          g_autofree char *title = g_strdup_printf ("%u. %s", w + 1, sk_recovery_way_get_label (way->kind));
          g_autofree char *subtitle = way_detail (vault, way);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (way_row), title);
          if (subtitle != NULL)
            adw_action_row_set_subtitle (ADW_ACTION_ROW (way_row), subtitle);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), way_row);
        }
      channel = channel_row (_("Where to appeal"), item->appeal_channel);
      if (channel != NULL)
        {
          /* With a QR button in the header, the appeal's own button
           * is in its row. */
          if (item->copy_here)
            {
              button = channel_button (self, item->account_uuid, "appeal", name, item->appeal_channel);
              if (button != NULL)
                adw_action_row_add_suffix (ADW_ACTION_ROW (channel), button);
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), channel);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* Page 5: evidence ------------------------------------------------------- */

/* Evidence is asked once: each item is ticked for every affected
 * account at once, and an account that lacks it is an exception,
 * unticked inside the item's row. */

static guint
evidence_count (SkRecoveryWizard *self,
                SkRecoveryCase   *recovery,
                GPtrArray        *accounts,
                SkRecoveryEvidence item)
{
  SkVault *vault = get_vault (self);
  guint n = 0;

  for (guint i = 0; i < accounts->len; i++)
    n += sk_recovery_get_evidence (vault, recovery->uuid, accounts->pdata[i], item, NULL) ? 1 : 0;
  return n;
}

/* The item's row: its check (ticked for all, half for some) and what
 * it says about the exceptions. */
static void
update_evidence_row (SkRecoveryWizard *self,
                     GtkWidget        *row)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  GPtrArray *accounts = g_object_get_data (G_OBJECT (row), "accounts");
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
  SkRecoveryEvidence item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "item"));
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  guint n;

  if (recovery == NULL)
    return;
  n = evidence_count (self, recovery, accounts, item);
  for (guint i = 0; i < accounts->len && n > 0; i++)
    if (!sk_recovery_get_evidence (vault, recovery->uuid, accounts->pdata[i], item, NULL))
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "",
                              account_name (vault, accounts->pdata[i]));
  if (n == 0)
    subtitle = g_strdup (_("Not ready"));
  else if (n == accounts->len)
    subtitle = g_strdup (_("Ready for every account"));
  else
    subtitle = g_strdup_printf (_("Ready, except for %s"), missing->str);
  set_expander_subtitle (row, subtitle);
  self->loading = TRUE;
  gtk_check_button_set_active (check, n > 0);
  gtk_check_button_set_inconsistent (check, n > 0 && n < accounts->len);
  self->loading = FALSE;
}

/* The item's check: for every account at once. */
static void
on_evidence_toggled (GtkCheckButton   *check,
                     SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row = g_object_get_data (G_OBJECT (check), "row");
  GPtrArray *accounts = g_object_get_data (G_OBJECT (row), "accounts");
  GPtrArray *checks = g_object_get_data (G_OBJECT (row), "checks");
  SkRecoveryEvidence item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "item"));
  gboolean active = gtk_check_button_get_active (check);

  if (self->loading || recovery == NULL)
    return;
  self->loading = TRUE;
  for (guint i = 0; i < accounts->len; i++)
    {
      if (!sk_recovery_set_evidence (vault, recovery->uuid, accounts->pdata[i], item, active, NULL,
                                     g_get_real_time (), &error))
        break;
      gtk_check_button_set_active (checks->pdata[i], active);
    }
  self->loading = FALSE;
  if (error != NULL)
    show_error (self, error);
  update_evidence_row (self, row);
}

/* An account's exception inside the item's row. */
static void
on_evidence_account_toggled (GtkCheckButton   *check,
                             SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row = g_object_get_data (G_OBJECT (check), "row");

  if (self->loading || recovery == NULL)
    return;
  if (!sk_recovery_set_evidence (vault, recovery->uuid, g_object_get_data (G_OBJECT (check), "account"),
                                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "item")),
                                 gtk_check_button_get_active (check), NULL, g_get_real_time (), &error))
    show_error (self, error);
  update_evidence_row (self, row);
}

/* Where the item is: one note, for every account. */
static void
on_evidence_note (AdwEntryRow      *entry,
                  SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *row = g_object_get_data (G_OBJECT (entry), "row");
  GPtrArray *accounts = g_object_get_data (G_OBJECT (row), "accounts");
  SkRecoveryEvidence item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "item"));

  if (recovery == NULL)
    return;
  for (guint i = 0; i < accounts->len; i++)
    if (!sk_recovery_set_evidence (vault, recovery->uuid, accounts->pdata[i], item, -1, note,
                                   g_get_real_time (), &error))
      {
        show_error (self, error);
        return;
      }
  toast (self, _("Note saved"));
}

static void
build_evidence (SkRecoveryWizard *self,
                GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = current_plan (self, &recovery);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *group;

  if (plan == NULL)
    return no_case (box);
  add_heading (box, _("Evidence"),
               _("Support teams ask for proof that the account is yours. Tick what you have "
                 "ready and note where it is; open an item to untick the accounts it does "
                 "not cover."));
  for (guint i = 0; i < plan->len; i++)
    g_ptr_array_add (accounts, g_strdup (((SkRecoveryItem *) plan->pdata[i])->account_uuid));
  group = add_group (box, NULL, NULL);
  if (accounts->len == 0)
    return;
  for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
    {
      const char *label = sk_recovery_evidence_get_label (e);
      GtkWidget *row = sk_row_plain (adw_expander_row_new ());
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *entry = adw_entry_row_new ();
      GPtrArray *checks = g_ptr_array_new ();
      g_autofree char *note = NULL;
      g_autofree char *name = g_strdup_printf ("evidence:%s", sk_recovery_evidence_to_string (e));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "accounts", g_ptr_array_ref (accounts),
                              (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (row), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_object_set_data (G_OBJECT (row), "item", GUINT_TO_POINTER (e));

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (check), "row", row);
      g_signal_connect (check, "toggled", G_CALLBACK (on_evidence_toggled), self);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);

      /* The note is the same for all: the first account's stands for it. */
      sk_recovery_get_evidence (vault, recovery->uuid, accounts->pdata[0], e, &note);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Where it is"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
      if (note != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), note);
      g_object_set_data (G_OBJECT (entry), "row", row);
      g_signal_connect (entry, "apply", G_CALLBACK (on_evidence_note), self);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);

      for (guint i = 0; i < accounts->len; i++)
        {
          GtkWidget *account_check;
          GtkWidget *account = check_row (account_name (vault, accounts->pdata[i]), NULL,
                                          sk_recovery_get_evidence (vault, recovery->uuid,
                                                                    accounts->pdata[i], e, NULL),
                                          &account_check);
          g_autofree char *check_name = g_strdup_printf ("%s:%s", name, (char *) accounts->pdata[i]);

          gtk_widget_set_name (account_check, check_name);
          g_object_set_data_full (G_OBJECT (account_check), "account", g_strdup (accounts->pdata[i]), g_free);
          g_object_set_data (G_OBJECT (account_check), "row", row);
          g_signal_connect (account_check, "toggled", G_CALLBACK (on_evidence_account_toggled), self);
          g_ptr_array_add (checks, account_check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), account);
        }
      update_evidence_row (self, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* Page 6: appeal letter -------------------------------------------------- */

/* The letter languages, in the order of the language row. */
static const char * const letter_langs[] = { "zh_CN", "en", "zh_TW" };

static const char *
letter_lang (SkRecoveryWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->letter_lang_row);

  return letter_langs[selected < G_N_ELEMENTS (letter_langs) ? selected : 1];
}

static const char *
letter_account (SkRecoveryWizard *self)
{
  guint i = adw_combo_row_get_selected (self->letter_account_row);

  return i < self->letter_accounts->len ? self->letter_accounts->pdata[i] : NULL;
}

static void
update_escalation (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GDateTime) due = NULL;
  const char *account = letter_account (self);
  SkAppealChannel next;

  if (recovery == NULL || account == NULL)
    return;
  if (sk_appeal_get_escalation (vault, recovery, account, &due, &next))
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (due);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *title = g_strdup_printf (_("Waiting for an answer until %s"), when);
      g_autofree char *subtitle = g_strdup_printf (_("No answer by then? Escalate through the %s."),
                                                   sk_appeal_channel_get_label (next));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->escalation_row), title);
      adw_action_row_set_subtitle (self->escalation_row, subtitle);
    }
  else
    {
      g_autoptr(GPtrArray) appeals = sk_appeal_list (vault, recovery->uuid, account);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->escalation_row),
                                     appeals->len > 0 ? _("The service answered") : _("Not sent yet"));
      adw_action_row_set_subtitle (self->escalation_row,
                                   appeals->len > 0 ? _("No escalation is pending.")
                                                    : _("Send the letter, then mark it as sent."));
    }
}

static void
load_letter (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *letter = NULL;
  const char *account = letter_account (self);
  GtkTextBuffer *buffer;

  if (recovery == NULL || account == NULL || self->letter_view == NULL)
    return;
  letter = sk_appeal_letter (vault, recovery, account, letter_lang (self), FALSE, &error);
  buffer = gtk_text_view_get_buffer (self->letter_view);
  gtk_text_buffer_set_text (buffer, letter != NULL ? letter : error->message, -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
  update_escalation (self);
}

/* Keeps the user's edit, if any. */
static void
save_letter (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (recovery == NULL || self->letter_view == NULL || self->letter_accounts->len == 0)
    return;
  buffer = gtk_text_view_get_buffer (self->letter_view);
  if (!gtk_text_buffer_get_modified (buffer))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!sk_appeal_letter_set_text (vault, recovery->uuid, letter_account (self), letter_lang (self),
                                  text, g_get_real_time (), &error))
    {
      show_error (self, error);
      return;
    }
  gtk_text_buffer_set_modified (buffer, FALSE);
}

static void
on_letter_choice (SkRecoveryWizard *self)
{
  if (self->loading)
    return;
  load_letter (self);
}

static void
on_letter_copy (SkRecoveryWizard *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->letter_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Letter copied"));
}

static void
on_letter_save (SkRecoveryWizard *self)
{
  gboolean modified = gtk_text_buffer_get_modified (gtk_text_view_get_buffer (self->letter_view));

  save_letter (self);
  toast (self, modified ? _("Your edit of the letter is saved") : _("The letter is saved"));
}

static void
on_mark_sent (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(SkAppeal) appeal = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (recovery == NULL || letter_account (self) == NULL)
    return;
  save_letter (self);
  appeal = sk_appeal_record_sent (vault, recovery->uuid, letter_account (self),
                                  adw_combo_row_get_selected (self->channel_row), now, now, &error);
  if (appeal == NULL)
    {
      show_error (self, error);
      return;
    }
  update_escalation (self);
  toast (self, _("Appeal recorded"));
}

static void
on_mark_answered (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  gint64 now = g_get_real_time ();

  if (recovery == NULL || letter_account (self) == NULL)
    return;
  if (sk_appeal_mark_answered (vault, recovery->uuid, letter_account (self), now, now) > 0)
  update_escalation (self);
}

static GtkWidget *
button_with (const char *mnemonic,
             const char *style,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
build_letter (SkRecoveryWizard *self,
              GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = current_plan (self, &recovery);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) langs = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  GtkWidget *group, *row, *buttons, *view;

  self->letter_view = NULL;
  g_ptr_array_set_size (self->letter_accounts, 0);
  if (plan == NULL)
    return no_case (box);
  add_heading (box, _("Appeal letter"),
               _("Where no way back is left, write to the service's support. Sparekey drafts "
                 "the letter from what the vault records; edit it, copy it into the form, then "
                 "mark it as sent."));
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];

      g_ptr_array_add (self->letter_accounts, g_strdup (item->account_uuid));
      gtk_string_list_append (names, account_name (vault, item->account_uuid));
    }
  /* Language names stay in their own language. */
  gtk_string_list_append (langs, "简体中文");
  gtk_string_list_append (langs, "English");
  gtk_string_list_append (langs, "繁體中文");
  for (guint c = 0; c < SK_APPEAL_N_CHANNELS; c++)
    gtk_string_list_append (channels, sk_appeal_channel_get_label (c));

  self->loading = TRUE;
  group = add_group (box, NULL, NULL);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Account"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  self->letter_account_row = ADW_COMBO_ROW (row);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (save_letter), self);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_letter_choice), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Language"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (langs));
  for (guint l = 0; l < G_N_ELEMENTS (letter_langs); l++)
    if (g_str_equal (letter_langs[l], sk_appeal_default_lang ()))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), l);
  self->letter_lang_row = ADW_COMBO_ROW (row);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_letter_choice), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  /* Tab leaves the letter, as everywhere else in the window. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Appeal letter"), -1);
  self->letter_view = GTK_TEXT_VIEW (view);
  /* The letter takes the height of its text, in no scrolled window of
   * its own: the wheel over it scrolls the page, as over the rest. */
  gtk_widget_set_size_request (view, -1, 200);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_set_overflow (view, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_name (view, "letter");
  gtk_box_append (GTK_BOX (box), view);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), button_with (_("_Copy"), NULL, G_CALLBACK (on_letter_copy), self));
  gtk_box_append (GTK_BOX (buttons), button_with (_("_Save"), NULL, G_CALLBACK (on_letter_save), self));
  gtk_box_append (GTK_BOX (box), buttons);

  group = add_group (box, _("Sending"), NULL);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Sent through"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (channels));
  self->channel_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = sk_row_plain (adw_action_row_new ());
  self->escalation_row = ADW_ACTION_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), button_with (_("They _Answered"), NULL,
                                                  G_CALLBACK (on_mark_answered), self));
  gtk_box_append (GTK_BOX (buttons), button_with (_("_Mark as Sent"), NULL,
                                                  G_CALLBACK (on_mark_sent), self));
  gtk_box_append (GTK_BOX (box), buttons);
  self->loading = FALSE;
  load_letter (self);
}

/* Page 7: closing out ---------------------------------------------------- */

/* The typed number only counts while "a new number" is chosen. */
static void
new_phone_selected (SkRecoveryWizard *self)
{
  guint phone = adw_combo_row_get_selected (self->new_phone_row);

  gtk_widget_set_visible (GTK_WIDGET (self->new_number_row),
                          phone >= self->new_phones->len || self->new_phones->pdata[phone] == NULL);
}

static void
build_close (SkRecoveryWizard *self,
             GtkWidget        *box)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault);
  g_autoptr(GPtrArray) identities = sk_inventory_list_identities (vault);
  g_autoptr(GtkStringList) phones = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) devices = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);
  GtkWidget *group, *row;

  self->new_phone_row = NULL;
  self->new_device_row = NULL;
  self->new_number_row = NULL;
  self->audit_row = NULL;
  if (recovery == NULL)
    return no_case (box);
  add_heading (box, _("Closing out"),
               _("When the new phone works, Sparekey moves the lost number's and device's "
                 "bindings to the new ones, retires the old ones and schedules a check of "
                 "every affected account."));
  g_ptr_array_set_size (self->new_phones, 0);
  g_ptr_array_set_size (self->new_devices, 0);
  /* Nothing in the vault is chosen for the user: the first entries are
   * "a new number" (typed below) and "no new device". One key press
   * must never move the bindings to a number that happened to be there. */
  g_ptr_array_add (self->new_phones, NULL);
  gtk_string_list_append (phones, _("A new number (type it below)"));
  g_ptr_array_add (self->new_devices, NULL);
  gtk_string_list_append (devices, _("No new device"));
  for (guint i = 0; i < identities->len; i++)
    {
      SkIdentity *identity = identities->pdata[i];
      g_autofree char *display = NULL;

      if (sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE ||
          g_strv_contains ((const char * const *) recovery->lost, sk_identity_get_uuid (identity)))
        continue;
      display = identity_display (vault, sk_identity_get_uuid (identity));
      if (sk_identity_get_kind (identity) == SK_IDENTITY_PHONE)
        {
          g_ptr_array_add (self->new_phones, g_strdup (sk_identity_get_uuid (identity)));
          gtk_string_list_append (phones, display);
        }
      else if (sk_identity_get_kind (identity) == SK_IDENTITY_DEVICE)
        {
          g_ptr_array_add (self->new_devices, g_strdup (sk_identity_get_uuid (identity)));
          gtk_string_list_append (devices, display);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (audit_days); i++)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Within %u day",
                                                            "Within %u days", audit_days[i]),
                                               audit_days[i]);

      gtk_string_list_append (days, text);
    }

  group = add_group (box, _("The new phone"), NULL);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("New number"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (phones));
  self->new_phone_row = ADW_COMBO_ROW (row);
  /* Only "a new number": the entry below says it all. */
  gtk_widget_set_visible (row, self->new_phones->len > 1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("New phone number"));
  gtk_widget_set_name (row, "new-number");
  self->new_number_row = GTK_EDITABLE (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_object (self->new_phone_row, "notify::selected",
                           G_CALLBACK (new_phone_selected), self, G_CONNECT_SWAPPED);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("New device"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (devices));
  self->new_device_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  group = add_group (box, _("Afterwards"), NULL);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Check the affected accounts"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (days));
  self->audit_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* The toast's Undo, after the wizard has gone: the session stays. */
static void
on_close_undo (AdwToast  *toast,
               SkSession *session)
{
  SkStore *store = sk_session_get_store (session);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (!sk_recovery_undo_close (sk_store_get_vault (store), g_get_real_time (), NULL, &error))
    {
      sk_session_message (session, sk_toast_new (error->message));
      return;
    }
  sk_session_message (session, sk_toast_new (_("Closing undone: the recovery is under way again")));
}

static gboolean
commit_close (SkRecoveryWizard *self)
{
  AdwToast *undo_toast;
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) news = NULL;
  guint phone = adw_combo_row_get_selected (self->new_phone_row);
  guint device = adw_combo_row_get_selected (self->new_device_row);
  guint days = audit_days[MIN (adw_combo_row_get_selected (self->audit_row), G_N_ELEMENTS (audit_days) - 1)];
  gint64 now = g_get_real_time ();
  guint n_rebound = 0;
  g_autofree char *message = NULL;

  if (recovery == NULL)
    return FALSE;
  if (phone < self->new_phones->len && self->new_phones->pdata[phone] != NULL)
    g_strv_builder_add (builder, self->new_phones->pdata[phone]);
  else
    {
      g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (self->new_number_row)));
      g_autoptr(SkIdentity) identity = NULL;

      if (*number == '\0')
        {
          toast (self, _("Choose the new number, or type it"));
          return FALSE;
        }
      identity = sk_identity_new (SK_IDENTITY_PHONE, number);
      if (!sk_inventory_save_identity (vault, identity, now, &error))
        {
          show_error (self, error);
          return FALSE;
        }
      g_strv_builder_add (builder, sk_identity_get_uuid (identity));
    }
  if (device < self->new_devices->len && self->new_devices->pdata[device] != NULL)
    g_strv_builder_add (builder, self->new_devices->pdata[device]);
  news = g_strv_builder_end (builder);
  if (!sk_recovery_close (vault, recovery->uuid, (const char * const *) news, days, now,
                          &n_rebound, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Recovery closed: %u binding moved. Print a new emergency kit.",
                                          "Recovery closed: %u bindings moved. Print a new emergency kit.",
                                          n_rebound), n_rebound);
  undo_toast = sk_toast_new (message);
  adw_toast_set_button_label (undo_toast, _("_Undo"));
  adw_toast_set_timeout (undo_toast, 10);
  g_signal_connect_object (undo_toast, "button-clicked", G_CALLBACK (on_close_undo), self->session, 0);
  sk_session_message (self->session, undo_toast);
  return TRUE;
}

/* What to type or choose before closing, NULL if all is there. */
static const char *
close_missing (SkRecoveryWizard *self)
{
  guint phone = adw_combo_row_get_selected (self->new_phone_row);
  g_autofree char *number = NULL;

  if (phone < self->new_phones->len && self->new_phones->pdata[phone] != NULL)
    return NULL;
  number = g_strstrip (g_strdup (gtk_editable_get_text (self->new_number_row)));
  return *number == '\0' ? _("Choose the new number, or type it") : NULL;
}

/* How the replacement of a lost identity of @kind reads, NULL if none
 * was chosen (it keeps its bindings then). */
static char *
replacement_display (SkRecoveryWizard *self,
                     SkIdentityKind    kind)
{
  SkVault *vault = get_vault (self);
  guint phone = adw_combo_row_get_selected (self->new_phone_row);
  guint device = adw_combo_row_get_selected (self->new_device_row);

  if (kind == SK_IDENTITY_PHONE)
    {
      if (phone < self->new_phones->len && self->new_phones->pdata[phone] != NULL)
        return identity_display (vault, self->new_phones->pdata[phone]);
      return g_strstrip (g_strdup (gtk_editable_get_text (self->new_number_row)));
    }
  if (kind == SK_IDENTITY_DEVICE && device < self->new_devices->len &&
      self->new_devices->pdata[device] != NULL)
    return identity_display (vault, self->new_devices->pdata[device]);
  return NULL;
}

/* The confirmation's text: what moves where, and what is retired. */
static char *
close_summary (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault);
  g_autoptr(GString) text = g_string_new (NULL);
  guint days = audit_days[MIN (adw_combo_row_get_selected (self->audit_row), G_N_ELEMENTS (audit_days) - 1)];

  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      g_autofree char *old = NULL;
      g_autofree char *replacement = NULL;
      guint n;

      if (identity == NULL)
        continue;
      old = identity_display (vault, recovery->lost[i]);
      n = sk_recovery_count_moves (vault, recovery, recovery->lost[i]);
      replacement = replacement_display (self, sk_identity_get_kind (identity));
      if (replacement != NULL && n > 0)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u binding moves from %s to %s.",
                                                   "%u bindings move from %s to %s.", n),
                                n, old, replacement);
      else if (n > 0)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "%u binding stays on %s: nothing replaces it.",
                                                   "%u bindings stay on %s: nothing replaces it.", n),
                                n, old);
      else
        continue;
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      char *old;

      if (identity == NULL || sk_identity_get_status (identity) == SK_IDENTITY_CANCELLED)
        continue;
      old = identity_display (vault, recovery->lost[i]);
      g_string_append_printf (text, _("%s will be marked cancelled."), old);
      g_string_append_c (text, '\n');
      g_free (old);
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "The affected accounts are due for a check within %u day.",
                                             "The affected accounts are due for a check within %u days.", days),
                          days);
  g_string_append_c (text, '\n');
  g_string_append (text, _("You can undo this until something else changes."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
destroy_idle (gpointer data)
{
  gtk_window_destroy (data);
  return G_SOURCE_REMOVE;
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SkRecoveryWizard *self)
{
  if (!g_str_equal (response, "finish"))
    return;
  /* The dialog still needs its parent while it answers: the wizard goes
   * once it has. */
  if (get_vault (self) != NULL && commit_close (self))
    g_idle_add_full (G_PRIORITY_DEFAULT, destroy_idle, g_object_ref (self), g_object_unref);
}

/* Closing moves bindings and retires numbers: never on one key press.
 * The confirmation says what moves; "Cancel" is its default and its
 * Escape, the destructive answer has to be chosen. */
static void
confirm_close (SkRecoveryWizard *self)
{
  const char *missing;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->new_phone_row == NULL)
    return;
  missing = close_missing (self);
  if (missing != NULL)
    {
      toast (self, missing);
      gtk_widget_grab_focus (gtk_widget_get_visible (GTK_WIDGET (self->new_number_row))
                             ? GTK_WIDGET (self->new_number_row) : GTK_WIDGET (self->new_phone_row));
      return;
    }
  body = close_summary (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Finish the Recovery?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "finish", _("_Move and Retire"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "finish", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Navigation ------------------------------------------------------------- */

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Names what libadwaita 1.2 leaves unnamed, read by its class name
 * ("GtkListBox") or as nothing: an expander row and its inner lists by
 * the row's title, a group's list without a title by the page's. */
static void
name_unnamed (GtkWidget  *widget,
              const char *page_title)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  else if (GTK_IS_LIST_BOX (widget))
    {
      GtkWidget *expander = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW);
      GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);

      if (expander != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), -1);
      else if (group != NULL &&
               is_empty (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group))) &&
               is_empty (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group))))
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, page_title, -1);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_unnamed (child, page_title);
}

static void
build_page (SkRecoveryWizard *self,
            SkWizardPage      page)
{
  GtkWidget *box = self->boxes[page];

  clear_box (box);
  if (get_vault (self) == NULL)
    return;
  switch (page)
    {
    case SK_WIZARD_PAGE_LOST:
      build_lost (self, box);
      break;
    case SK_WIZARD_PAGE_AFFECTED:
      build_affected (self, box);
      break;
    case SK_WIZARD_PAGE_STEPS:
      build_steps (self, box);
      break;
    case SK_WIZARD_PAGE_WAYS:
      build_ways (self, box);
      break;
    case SK_WIZARD_PAGE_EVIDENCE:
      build_evidence (self, box);
      break;
    case SK_WIZARD_PAGE_LETTER:
      build_letter (self, box);
      break;
    case SK_WIZARD_PAGE_CLOSE:
      build_close (self, box);
      break;
    case SK_WIZARD_N_PAGES:
    default:
      g_assert_not_reached ();
    }
  name_unnamed (box, _(page_titles[page]));
}

/* The focus on the page's first control; on Next if it has none. */
static void
focus_page (SkRecoveryWizard *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  gtk_widget_child_focus (self->pages[self->current], GTK_DIR_TAB_FORWARD);
}

void
sk_recovery_wizard_set_page (SkRecoveryWizard *self,
                             SkWizardPage      page)
{
  g_autofree char *progress = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (SK_IS_RECOVERY_WIZARD (self));
  g_return_if_fail (page < SK_WIZARD_N_PAGES);

  if (self->current == SK_WIZARD_PAGE_LETTER && page != SK_WIZARD_PAGE_LETTER)
    save_letter (self);
  self->current = page;
  build_page (self, page);
  gtk_stack_set_visible_child (self->stack, self->pages[page]);
  progress = g_strdup_printf (_("Step %u of %u"), page + 1, (guint) SK_WIZARD_N_PAGES);
  subtitle = g_strdup_printf ("%s · %s", progress, _(page_titles[page]));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_label_set_text (self->progress_label, progress);
  /* The page is a group named by its title: a screen reader says it as
   * the focus enters; the status line says it too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->boxes[page]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(page_titles[page]), -1);
  sk_status_label_announce (self->status_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), page > 0);
  gtk_button_set_label (self->next_button,
                        page == SK_WIZARD_PAGE_LOST ? _("_Mark as Lost")
                        : page == SK_WIZARD_PAGE_CLOSE ? _("_Finish Recovery…") : _("_Next"));
  /* One suggested action per page: Next, except on the last page, which
   * asks first: there the button that opens the confirmation is not the
   * suggested one. */
  if (page == SK_WIZARD_PAGE_CLOSE && self->new_phone_row != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  /* The focus goes to the new page's first control (on the last page
   * the new number), never stays on Next: Enter pressed twice does not
   * skip a page unseen. A page without controls leaves it on Next. */
  focus_page (self);
}

SkWizardPage
sk_recovery_wizard_get_page (SkRecoveryWizard *self)
{
  g_return_val_if_fail (SK_IS_RECOVERY_WIZARD (self), SK_WIZARD_PAGE_LOST);

  return self->current;
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkRecoveryWizard *self = SK_RECOVERY_WIZARD (widget);

  if (get_vault (self) == NULL)
    return;
  if (self->current == SK_WIZARD_PAGE_LOST && !commit_lost (self))
    return;
  if (self->current == SK_WIZARD_PAGE_CLOSE)
    {
      confirm_close (self);
      return;
    }
  sk_recovery_wizard_set_page (self, self->current + 1);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkRecoveryWizard *self = SK_RECOVERY_WIZARD (widget);

  if (self->current > 0)
    sk_recovery_wizard_set_page (self, self->current - 1);
}

/* Where the recovery under way stands: appeals sent → the letter; steps
 * ticked → the steps; started → the affected accounts. */
static SkWizardPage
resume_page (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GPtrArray) appeals = NULL;
  gboolean ticked = FALSE;

  if (recovery == NULL || recovery->closed)
    return SK_WIZARD_PAGE_LOST;
  appeals = sk_appeal_list (vault, recovery->uuid, NULL);
  if (appeals->len > 0)
    return SK_WIZARD_PAGE_LETTER;
  plan = sk_recovery_plan (vault, recovery);
  for (guint i = 0; i < plan->len && !ticked; i++)
    ticked = ((SkRecoveryItem *) plan->pdata[i])->n_done > 0;
  for (guint i = 0; recovery->lost[i] != NULL && !ticked; i++)
    ticked = sk_recovery_get_step (vault, recovery->uuid, recovery->lost[i],
                                   SK_RECOVERY_STEP_SUSPEND_NUMBER) != 0;
  return ticked ? SK_WIZARD_PAGE_STEPS : SK_WIZARD_PAGE_AFFECTED;
}

/* From an identity marked lost: the first page with it ticked, unless
 * the recovery under way has it already, which then resumes where it
 * stands (its steps, evidence and letters are in the vault). */
static SkWizardPage
start_page (SkRecoveryWizard *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;

  if (self->preselect == NULL)
    return resume_page (self);
  if (recovery != NULL && !recovery->closed &&
      g_strv_contains ((const char * const *) recovery->lost, self->preselect))
    return resume_page (self);
  return SK_WIZARD_PAGE_LOST;
}

static gboolean
close_request (GtkWindow *window)
{
  SkRecoveryWizard *self = SK_RECOVERY_WIZARD (window);

  if (self->current == SK_WIZARD_PAGE_LETTER)
    save_letter (self);
  return GTK_WINDOW_CLASS (sk_recovery_wizard_parent_class)->close_request (window);
}

/* Before the window is shown its page's controls take no focus: the
 * first one gets it once the window is mapped. */
static void
sk_recovery_wizard_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sk_recovery_wizard_parent_class)->map (widget);
  focus_page (SK_RECOVERY_WIZARD (widget));
}

static void
sk_recovery_wizard_dispose (GObject *object)
{
  SkRecoveryWizard *self = SK_RECOVERY_WIZARD (object);

  /* Locking destroys the wizard without asking it to close: an edit of
   * the letter is kept all the same (the vault is still open then). */
  if (self->session != NULL && self->current == SK_WIZARD_PAGE_LETTER)
    save_letter (self);
  self->letter_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_RECOVERY_WIZARD);
  g_clear_pointer (&self->lost_checks, g_ptr_array_unref);
  g_clear_pointer (&self->letter_accounts, g_ptr_array_unref);
  g_clear_pointer (&self->new_phones, g_ptr_array_unref);
  g_clear_pointer (&self->new_devices, g_ptr_array_unref);
  g_clear_pointer (&self->preselect, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_recovery_wizard_parent_class)->dispose (object);
}

static void
sk_recovery_wizard_class_init (SkRecoveryWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sk_recovery_wizard_dispose;
  widget_class->map = sk_recovery_wizard_map;
  window_class->close_request = close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-recovery-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryWizard, progress_label);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
sk_recovery_wizard_init (SkRecoveryWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status_label = sk_status_label_attach (GTK_WINDOW (self),
                                               GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->progress_label))));
  self->lost_checks = g_ptr_array_new ();
  self->letter_accounts = g_ptr_array_new_with_free_func (g_free);
  self->new_phones = g_ptr_array_new_with_free_func (g_free);
  self->new_devices = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < SK_WIZARD_N_PAGES; i++)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *clamp = adw_clamp_new ();
      GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                     "orientation", GTK_ORIENTATION_VERTICAL,
                                     "spacing", 18,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                     NULL);

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_margin_top (box, 24);
      gtk_widget_set_margin_bottom (box, 24);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      adw_clamp_set_child (ADW_CLAMP (clamp), box);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
      gtk_stack_add_child (self->stack, scrolled);
      self->boxes[i] = box;
      self->pages[i] = scrolled;
    }
}

SkRecoveryWizard *
sk_recovery_wizard_new (GtkWindow      *parent,
                        SkSession      *session,
                        const char     *lost_uuid)
{
  SkRecoveryWizard *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_RECOVERY_WIZARD, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  self->preselect = g_strdup (lost_uuid);
  sk_recovery_wizard_set_page (self, start_page (self));
  return self;
}
