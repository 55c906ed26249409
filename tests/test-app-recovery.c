/* test-app-recovery.c: GUI tests of the lost-phone wizard and the
 * emergency kit
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-identity-dialog.h"
#include "sk-inventory-page.h"
#include "sk-kit-print.h"
#include "sk-recovery-wizard.h"
#include "sk-test-util.h"

typedef struct {
  char           *dir;
  char           *path;
  char           *phone_uuid;
  SkWindow       *window;
  SkAccountsPage *page;
} Fixture;

static const char *
uuid_of (SkVault *vault,
         guint    i)
{
  g_autoptr(SkAccount) account = g_list_model_get_item (sk_vault_get_accounts (vault), i);

  return sk_account_get_uuid (account);
}

/* Three accounts on one phone: one with a payout card (money), one whose
 * only second factor is the phone, one only logged in with it. */
static char *
craft_vault (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkIdentity) card = sk_identity_new (SK_IDENTITY_PAYOUT, "6222020200112233445");
  SkVault *vault;
  gint64 now = g_get_real_time ();
  char *binding;

  sk_app_test_make_vault (path, "pw", 3);
  store = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  sk_identity_set_country_code (phone, "+86");
  g_assert_true (sk_inventory_save_identity (vault, phone, now, &error));
  g_assert_true (sk_inventory_save_identity (vault, card, now, &error));
  g_assert_no_error (error);

  binding = sk_inventory_bind (vault, uuid_of (vault, 0), sk_identity_get_uuid (phone), SK_ROLE_LOGIN,
                               NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  g_free (binding);
  binding = sk_inventory_bind (vault, uuid_of (vault, 1), sk_identity_get_uuid (phone), SK_ROLE_SECURITY_PHONE,
                               NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  g_free (binding);
  binding = sk_inventory_bind (vault, uuid_of (vault, 2), sk_identity_get_uuid (phone), SK_ROLE_SECURITY_PHONE,
                               NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  g_free (binding);
  binding = sk_inventory_bind (vault, uuid_of (vault, 2), sk_identity_get_uuid (card), SK_ROLE_PAYOUT_ACCOUNT,
                               NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  g_free (binding);

  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  return g_strdup (sk_identity_get_uuid (phone));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  f->phone_uuid = craft_vault (f->path);
  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sk_app_test_close_window (f->window);
  g_free (f->phone_uuid);
  g_free (f->path);
  g_free (f->dir);
}

static SkVault *
vault_of (Fixture *f)
{
  return sk_store_get_vault (sk_session_get_store (sk_app_test_session (f->page)));
}

/* Widgets under @root, in tree (= visual) order. */
static void
collect (GtkWidget  *root,
         GType       type,
         GPtrArray  *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        g_ptr_array_add (out, child);
      collect (child, type, out);
    }
}

static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect (root, type, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (all->pdata[i]), name) == 0)
      return all->pdata[i];
  return NULL;
}

static SkRecoveryWizard *
open_wizard (Fixture *f)
{
  GtkWidget *wizard;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover", NULL));
  sk_app_test_run_for (200);
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  return SK_RECOVERY_WIZARD (wizard);
}

static void
close_wizard (SkRecoveryWizard *wizard)
{
  gtk_window_close (GTK_WINDOW (wizard));
  sk_app_test_run_for (100);
}

static gboolean
transition_done (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

static void
next (SkRecoveryWizard *wizard)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  sk_app_test_run_for (100);
  /* The page has slid in: screenshots show it whole. */
  g_assert_true (sk_app_test_wait (transition_done, sk_app_test_child (wizard, SK_TYPE_RECOVERY_WIZARD, "stack"),
                                   SK_APP_TEST_MAX_WAIT_MS));
}

static gboolean
buffer_contains (GtkTextView *view,
                 const char  *needle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (text, needle) != NULL;
}

static void
test_wizard (Fixture       *f,
             gconstpointer  data)
{
  SkRecoveryWizard *wizard = open_wizard (f);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autofree char *step_name = NULL;
  g_autofree char *money_uuid = NULL;
  GtkWidget *check;
  guint n_affected = 0;

  /* No recovery yet: the first page, with the phone to tick. */
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);
  g_assert_null (sk_recovery_get_case (vault_of (f)));
  /* Nothing ticked: the wizard stays. */
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, f->phone_uuid);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
  recovery = sk_recovery_get_case (vault_of (f));
  g_assert_nonnull (recovery);
  g_assert_true (g_strv_contains ((const char * const *) recovery->lost, f->phone_uuid));

  /* The affected list: the planner's order, money first. */
  plan = sk_recovery_plan (vault_of (f), recovery);
  g_assert_cmpuint (plan->len, ==, 3);
  g_assert_cmpint (((SkRecoveryItem *) plan->pdata[0])->risk, ==, SK_RECOVERY_RISK_MONEY);
  money_uuid = g_strdup (((SkRecoveryItem *) plan->pdata[0])->account_uuid);
  g_assert_cmpstr (money_uuid, ==, uuid_of (vault_of (f), 2));
  collect (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      if (!gtk_widget_has_css_class (rows->pdata[i], "sk-affected"))
        continue;
      g_assert_cmpuint (n_affected, <, plan->len);
      g_assert_cmpstr (gtk_widget_get_name (rows->pdata[i]), ==,
                       ((SkRecoveryItem *) plan->pdata[n_affected])->account_uuid);
      n_affected++;
    }
  g_assert_cmpuint (n_affected, ==, plan->len);

  /* Tick the first step of the money account. */
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_STEPS);
  g_assert_true (((SkRecoveryItem *) plan->pdata[0])->needed[SK_RECOVERY_STEP_FREEZE]);
  step_name = g_strdup_printf ("step:%s:%s", money_uuid, sk_recovery_step_to_string (SK_RECOVERY_STEP_FREEZE));
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, step_name);
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  sk_app_test_run_for (50);
  g_assert_cmpint (sk_recovery_get_step (vault_of (f), recovery->uuid, money_uuid, SK_RECOVERY_STEP_FREEZE), >, 0);
  close_wizard (wizard);

  /* Saved on disk. */
  sk_app_test_wait_saved (f->window);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);
    g_autoptr(SkRecoveryCase) on_disk = NULL;

    g_assert_no_error (error);
    on_disk = sk_recovery_get_case (sk_store_get_vault (store));
    g_assert_nonnull (on_disk);
    g_assert_cmpstr (on_disk->uuid, ==, recovery->uuid);
    g_assert_cmpint (sk_recovery_get_step (sk_store_get_vault (store), on_disk->uuid, money_uuid,
                                           SK_RECOVERY_STEP_FREEZE), >, 0);
  }

  /* Reopened: it resumes on the steps, with the step ticked. */
  wizard = open_wizard (f);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_STEPS);
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, step_name);
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  /* The letter: the first account, in the chosen language. */
  sk_recovery_wizard_set_page (wizard, SK_WIZARD_PAGE_LETTER);
  {
    g_autoptr(GPtrArray) combos = g_ptr_array_new ();
    g_autoptr(GPtrArray) views = g_ptr_array_new ();
    SkAccount *account = sk_vault_lookup_account (vault_of (f), money_uuid);
    AdwComboRow *lang = NULL;
    GtkTextView *view;

    collect (GTK_WIDGET (wizard), ADW_TYPE_COMBO_ROW, combos);
    for (guint i = 0; i < combos->len; i++)
      if (g_str_equal (adw_preferences_row_get_title (combos->pdata[i]), "Language"))
        lang = combos->pdata[i];
    g_assert_nonnull (lang);
    collect (GTK_WIDGET (wizard), GTK_TYPE_TEXT_VIEW, views);
    g_assert_cmpuint (views->len, ==, 1);
    view = views->pdata[0];

    adw_combo_row_set_selected (lang, 1);  /* English */
    sk_app_test_run_for (50);
    g_assert_true (buffer_contains (view, sk_account_get_issuer (account)));
    g_assert_false (buffer_contains (view, "账"));
    adw_combo_row_set_selected (lang, 0);  /* 简体中文 */
    sk_app_test_run_for (50);
    g_assert_true (buffer_contains (view, sk_account_get_issuer (account)));
    {
      g_autofree char *zh = sk_appeal_letter (vault_of (f), recovery, money_uuid, "zh_CN", FALSE, NULL);

      g_assert_nonnull (zh);
      g_assert_true (buffer_contains (view, zh));
      g_assert_nonnull (strstr (zh, "申诉"));
    }

    /* An edit is kept through the core. */
    gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (view), "EDITED-BY-TEST ", -1);
    close_wizard (wizard);
    {
      g_autofree char *kept = sk_appeal_letter (vault_of (f), recovery, money_uuid, "zh_CN", FALSE, NULL);

      g_assert_nonnull (strstr (kept, "EDITED-BY-TEST"));
    }
  }
}

static gboolean
toplevel_shown (gpointer type)
{
  return sk_app_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static SkIdentityDialog *
open_identity (Fixture         *f,
               SkInventoryPage *inventory,
               const char      *uuid)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (inventory), "inventory.edit-identity", "s", uuid));
  g_assert_true (sk_app_test_wait (toplevel_shown, GSIZE_TO_POINTER (SK_TYPE_IDENTITY_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  dialog = sk_app_test_find_toplevel (SK_TYPE_IDENTITY_DIALOG);
  sk_app_test_run_for (50);
  return SK_IDENTITY_DIALOG (dialog);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *label;
} ButtonWait;

static gboolean
button_shown (gpointer data)
{
  ButtonWait *wait = data;

  return find_button (wait->root, wait->label) != NULL;
}

/* The lost check of @uuid on the wizard's first page: ticked, and
 * whether it can still be unticked. */
static void
assert_lost_ticked (SkRecoveryWizard *wizard,
                    const char       *uuid,
                    gboolean          sensitive)
{
  GtkWidget *check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, uuid);

  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpint (gtk_widget_get_sensitive (check), ==, sensitive);
}

/* The inventory's way into the wizard: an identity marked lost. */
static void
test_from_lost_identity (Fixture       *f,
                         gconstpointer  data)
{
  SkInventoryPage *inventory = sk_app_test_child (f->window, SK_TYPE_WINDOW, "inventory_page");
  g_autoptr(SkIdentity) phone = NULL;
  g_autoptr(SkIdentity) tablet = sk_identity_new (SK_IDENTITY_DEVICE, "Tablet");
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(SkRecoveryCase) resumed = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step_name = NULL;
  const char *money_uuid;
  SkIdentityDialog *dialog;
  SkRecoveryWizard *wizard;
  GtkWidget *recover_group, *button, *check;
  ButtonWait wait;
  guint n_lost_tags = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "inventory");

  /* Active: no way into the wizard from the dialog. Choosing "Lost"
   * shows it at once. */
  dialog = open_identity (f, inventory, f->phone_uuid);
  recover_group = sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "recover_group");
  g_assert_false (gtk_widget_get_visible (recover_group));
  adw_combo_row_set_selected (sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "status_row"),
                              SK_IDENTITY_LOST);
  g_assert_true (gtk_widget_get_visible (recover_group));
  g_assert_true (gtk_widget_has_css_class (sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "recover_button"),
                                           "suggested-action"));

  /* Saved as lost: a toast offers the wizard; the list tags it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "identity.save", NULL));
  sk_app_test_run_for (50);
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_IDENTITY_DIALOG));
  phone = g_object_ref (sk_inventory_lookup_identity (vault_of (f), f->phone_uuid));
  g_assert_cmpint (sk_identity_get_status (phone), ==, SK_IDENTITY_LOST);
  collect (GTK_WIDGET (inventory), GTK_TYPE_LABEL, tags);
  for (guint i = 0; i < tags->len; i++)
    if (gtk_widget_has_css_class (tags->pdata[i], "sk-tag"))
      {
        g_assert_true (gtk_widget_has_css_class (tags->pdata[i], "error"));
        g_assert_cmpstr (gtk_label_get_text (tags->pdata[i]), ==, "Lost");
        n_lost_tags++;
      }
  g_assert_cmpuint (n_lost_tags, ==, 1);

  /* The toast is the window's, over the inventory in view. */
  wait = (ButtonWait) { GTK_WIDGET (f->window), "Start Recovery" };
  g_assert_true (sk_app_test_wait (button_shown, &wait, SK_APP_TEST_MAX_WAIT_MS));
  gtk_widget_activate (find_button (GTK_WIDGET (f->window), "Start Recovery"));
  g_assert_true (sk_app_test_wait (toplevel_shown, GSIZE_TO_POINTER (SK_TYPE_RECOVERY_WIZARD),
                                   SK_APP_TEST_MAX_WAIT_MS));
  wizard = SK_RECOVERY_WIZARD (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);
  assert_lost_ticked (wizard, f->phone_uuid, TRUE);
  close_wizard (wizard);
  g_assert_null (sk_recovery_get_case (vault_of (f)));

  /* The dialog's button: the wizard starts with the phone ticked. */
  dialog = open_identity (f, inventory, f->phone_uuid);
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "recover_group")));
  button = sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "recover_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Start _Recovery…");
  /* A button clicks a moment after it is activated. */
  gtk_widget_activate (button);
  g_assert_true (sk_app_test_wait (toplevel_shown, GSIZE_TO_POINTER (SK_TYPE_RECOVERY_WIZARD),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_IDENTITY_DIALOG));
  wizard = SK_RECOVERY_WIZARD (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);
  assert_lost_ticked (wizard, f->phone_uuid, TRUE);
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
  recovery = sk_recovery_get_case (vault_of (f));
  g_assert_nonnull (recovery);
  g_assert_cmpuint (g_strv_length (recovery->lost), ==, 1);
  g_assert_cmpstr (recovery->lost[0], ==, f->phone_uuid);

  /* Some progress: the first step of the most urgent account. */
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_STEPS);
  plan = sk_recovery_plan (vault_of (f), recovery);
  money_uuid = ((SkRecoveryItem *) plan->pdata[0])->account_uuid;
  step_name = g_strdup_printf ("step:%s:%s", money_uuid, sk_recovery_step_to_string (SK_RECOVERY_STEP_FREEZE));
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, step_name);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  sk_app_test_run_for (50);
  close_wizard (wizard);

  /* The same identity again: the recovery resumes where it stands. */
  dialog = open_identity (f, inventory, f->phone_uuid);
  button = sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "recover_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Continue _Recovery…");
  /* A button clicks a moment after it is activated. */
  gtk_widget_activate (button);
  g_assert_true (sk_app_test_wait (toplevel_shown, GSIZE_TO_POINTER (SK_TYPE_RECOVERY_WIZARD),
                                   SK_APP_TEST_MAX_WAIT_MS));
  wizard = SK_RECOVERY_WIZARD (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_STEPS);
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, step_name);
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  /* Asked again while it is open: the same wizard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover-identity", "s", f->phone_uuid));
  g_assert_true (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD) == GTK_WIDGET (wizard));
  close_wizard (wizard);

  /* Another identity lost later (of a kind the first page does not
   * list by itself): added to the recovery under way, which keeps its
   * progress. */
  sk_identity_set_kind (tablet, SK_IDENTITY_HARDWARE_KEY);
  sk_identity_set_status (tablet, SK_IDENTITY_LOST);
  g_assert_true (sk_inventory_save_identity (vault_of (f), tablet, g_get_real_time (), &error));
  g_assert_no_error (error);
  sk_app_test_flush ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover-identity", "s", sk_identity_get_uuid (tablet)));
  sk_app_test_run_for (100);
  wizard = SK_RECOVERY_WIZARD (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);
  assert_lost_ticked (wizard, f->phone_uuid, FALSE);
  assert_lost_ticked (wizard, sk_identity_get_uuid (tablet), TRUE);
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
  resumed = sk_recovery_get_case (vault_of (f));
  g_assert_cmpstr (resumed->uuid, ==, recovery->uuid);
  g_assert_cmpuint (g_strv_length (resumed->lost), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) resumed->lost, sk_identity_get_uuid (tablet)));
  g_assert_cmpint (sk_recovery_get_step (vault_of (f), resumed->uuid, money_uuid, SK_RECOVERY_STEP_FREEZE), >, 0);
  close_wizard (wizard);
}

static void
test_kit (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "kit.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  GtkWidget *dialog;
  struct stat st;
  gsize length;

  /* The warning comes first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.print-kit", NULL));
  sk_app_test_run_for (100);
  dialog = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "print"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  sk_app_test_run_for (100);

  g_assert_true (sk_kit_print_save_pdf (sk_app_test_session (f->page), pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_true (length > 4 && memcmp (contents, "%PDF", 4) == 0);

  /* The pages for printing. */
  pages = sk_kit_render_pages (vault_of (f), g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (pages);
  g_assert_cmpuint (pages->len, >=, 2);
}

/* The escalation reminder's click, while the vault is locked: the wizard
 * opens right after the password, not before. */
static void
test_show_recovery_after_unlock (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *wizard;

  sk_window_lock (f->window);
  sk_app_test_run_for (100);
  sk_window_show_recovery (f->window);
  sk_app_test_run_for (200);
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));

  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  sk_app_test_run_for (200);
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  close_wizard (SK_RECOVERY_WIZARD (wizard));

  /* Unlocked: at once. */
  sk_window_show_recovery (f->window);
  sk_app_test_run_for (200);
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  close_wizard (SK_RECOVERY_WIZARD (wizard));
}

static gboolean
is_unlocked (gpointer data)
{
  return g_strcmp0 (sk_window_get_page_name (data), "accounts") == 0;
}

static gpointer
find_message_dialog (void)
{
  return sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

typedef struct { SkRecoveryWizard *wizard; SkWizardPage page; } PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return sk_recovery_wizard_get_page (wait->wizard) == wait->page;
}

static gboolean
case_open (Fixture *f)
{
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault_of (f));

  return recovery != NULL;
}

/* Tabs through @window until @widget (or what is inside it) has the
 * focus; FALSE if the focus chain never gets there. */
static gboolean
tab_to (GtkWindow *window,
        GtkWidget *widget)
{
  /* Forwards, then backwards: a list may keep Tab within its rows. */
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
        return TRUE;
      g_assert_true (sk_app_test_press_key (window, GDK_KEY_Tab, i < 30 ? 0 : GDK_SHIFT_MASK));
    }
  return FALSE;
}

/* The first widget that takes the focus under @root, in Tab order. */
static GtkWidget *
first_control (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child) || !gtk_widget_is_sensitive (child))
        continue;
      if (gtk_widget_get_focusable (child))
        return child;
      found = first_control (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
focus_within (SkRecoveryWizard *wizard,
              GtkWidget        *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (wizard));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
letter_has_tab (GtkTextView *view)
{
  return buffer_contains (view, "\t");
}

/* What the keyboard does on each page on the way: Space ticks the
 * focused step and an evidence item for every account; Tab leaves the
 * letter without typing into it. */
static void
walk_page (Fixture          *f,
           SkRecoveryWizard *wizard,
           SkWizardPage      page)
{
  g_autoptr(SkRecoveryCase) recovery = sk_recovery_get_case (vault_of (f));
  GtkWidget *widget;

  switch (page)
    {
    case SK_WIZARD_PAGE_STEPS:
      {
        g_autofree char *name = g_strdup_printf ("step:%s:%s", f->phone_uuid,
                                                 sk_recovery_step_to_string (SK_RECOVERY_STEP_SUSPEND_NUMBER));

        /* The lost number's step comes first: Space ticks it. */
        widget = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, name);
        g_assert_nonnull (widget);
        g_assert_true (focus_within (wizard, gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW)));
        g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_space, 0));
        sk_app_test_run_for (50);
        g_assert_cmpint (sk_recovery_get_step (vault_of (f), recovery->uuid, f->phone_uuid,
                                               SK_RECOVERY_STEP_SUSPEND_NUMBER), >, 0);
      }
      break;
    case SK_WIZARD_PAGE_EVIDENCE:
      {
        g_autoptr(GPtrArray) plan = sk_recovery_plan (vault_of (f), recovery);

        /* Asked once: Space on the item ticks it for every account. */
        widget = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, "evidence:id-documents");
        g_assert_nonnull (widget);
        g_assert_true (tab_to (GTK_WINDOW (wizard), widget));
        g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_space, 0));
        sk_app_test_run_for (50);
        for (guint i = 0; i < plan->len; i++)
          g_assert_true (sk_recovery_get_evidence (vault_of (f), recovery->uuid,
                                                   ((SkRecoveryItem *) plan->pdata[i])->account_uuid,
                                                   SK_RECOVERY_EVIDENCE_ID_DOCUMENTS, NULL));
      }
      break;
    case SK_WIZARD_PAGE_LETTER:
      widget = find_named (GTK_WIDGET (wizard), GTK_TYPE_TEXT_VIEW, "letter");
      g_assert_nonnull (widget);
      g_assert_true (tab_to (GTK_WINDOW (wizard), widget));
      g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Tab, 0));
      g_assert_false (letter_has_tab (GTK_TEXT_VIEW (widget)));
      g_assert_false (gtk_widget_has_focus (widget));
      break;
    case SK_WIZARD_PAGE_AFFECTED:
      /* Enter where the focus landed does not leave the page. */
      g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
      sk_app_test_run_for (50);
      g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
      break;
    case SK_WIZARD_PAGE_LOST:
    case SK_WIZARD_PAGE_WAYS:
    case SK_WIZARD_PAGE_CLOSE:
    case SK_WIZARD_N_PAGES:
    default:
      break;
    }
}

/* The whole lost-phone path with the keyboard only, as typed on a real
 * keyboard (XTest): unlock, the menu, the wizard's pages, the new
 * number, the confirmation. Enter alone, pressed anywhere on the way or
 * in the confirmation, never closes the recovery. */
static void
test_keyboard_only (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *phone_uuid = craft_vault (path);
  Fixture fx = { dir, path, phone_uuid, NULL, NULL };
  Fixture *f = &fx;
  SkRecoveryWizard *wizard;
  GtkWidget *check, *entry, *next_button;
  GtkStack *stack;
  AdwMessageDialog *dialog;

  f->window = sk_app_test_open_window (path);
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
  if (!sk_app_test_press_key (GTK_WINDOW (f->window), GDK_KEY_Shift_L, 0))
    {
      sk_app_test_close_window (f->window);
      g_test_skip ("no X11 keyboard (XTest) to type with");
      return;
    }

  /* Unlock: the password field has the focus. */
  g_assert_true (sk_app_test_type_text (GTK_WINDOW (f->window), "pw"));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (f->window), GDK_KEY_Return, 0));
  g_assert_true (sk_app_test_wait (is_unlocked, f->window, SK_APP_TEST_MAX_WAIT_MS));

  /* The main menu (Tab to its button, Space), its item by its mnemonic. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *menu_button = NULL;

    collect (GTK_WIDGET (f->page), GTK_TYPE_MENU_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (gtk_menu_button_get_primary (buttons->pdata[i]))
        menu_button = buttons->pdata[i];
    g_assert_nonnull (menu_button);
    g_assert_true (tab_to (GTK_WINDOW (f->window), menu_button));
    g_assert_true (sk_app_test_press_key (GTK_WINDOW (f->window), GDK_KEY_space, 0));
    sk_app_test_run_for (200);
    g_assert_true (sk_app_test_press_key (GTK_WINDOW (f->window), GDK_KEY_o, 0));
    sk_app_test_run_for (300);
  }
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_LOST);

  /* Tick the phone (Tab to it, Space), then "Mark as Lost" (Tab, Enter). */
  next_button = sk_app_test_child (wizard, SK_TYPE_RECOVERY_WIZARD, "next_button");
  stack = sk_app_test_child (wizard, SK_TYPE_RECOVERY_WIZARD, "stack");
  /* It opens with the focus on its first control, the first phone. */
  g_assert_true (gtk_window_is_active (GTK_WINDOW (wizard)));
  g_assert_true (focus_within (wizard, first_control (gtk_stack_get_visible_child (stack))));
  check = find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, phone_uuid);
  g_assert_nonnull (check);
  g_assert_true (tab_to (GTK_WINDOW (wizard), gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW)));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_space, 0));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (tab_to (GTK_WINDOW (wizard), next_button));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
  {
    PageWait wait = { wizard, SK_WIZARD_PAGE_AFFECTED };

    g_assert_true (sk_app_test_wait (on_page, &wait, SK_APP_TEST_MAX_WAIT_MS));
  }
  g_assert_true (case_open (f));

  /* Every page: the focus is on its first control, not on Next (Enter
   * twice never skips a page unseen); Tab leads to Next. */
  for (SkWizardPage page = SK_WIZARD_PAGE_AFFECTED; page <= SK_WIZARD_PAGE_CLOSE; page++)
    {
      PageWait wait = { wizard, page };
      GtkWidget *focus;

      g_assert_true (sk_app_test_wait (on_page, &wait, SK_APP_TEST_MAX_WAIT_MS));
      focus = gtk_root_get_focus (GTK_ROOT (wizard));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_is_ancestor (focus, gtk_stack_get_visible_child (stack)));
      g_assert_true (focus_within (wizard, first_control (gtk_stack_get_visible_child (stack))));
      if (page == SK_WIZARD_PAGE_CLOSE)
        break;
      walk_page (f, wizard, page);
      g_assert_true (tab_to (GTK_WINDOW (wizard), next_button));
      g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
    }
  /* ...where it never finishes: nothing is chosen for the new number
   * (the vault's other identities are not offered first), and Enter
   * does nothing however often it is pressed. */
  entry = find_named (GTK_WIDGET (wizard), ADW_TYPE_ENTRY_ROW, "new-number");
  g_assert_nonnull (entry);
  sk_app_test_screenshot ("recovery-close");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  for (guint i = 0; i < 5; i++)
    g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
  g_assert_null (find_message_dialog ());
  g_assert_true (case_open (f));
  /* "Finish Recovery…" without a number: asked for, no confirmation. */
  g_assert_true (tab_to (GTK_WINDOW (wizard), next_button));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
  g_assert_null (find_message_dialog ());
  g_assert_true (case_open (f));

  /* The new number, typed; Enter in it still does nothing. */
  g_assert_true (tab_to (GTK_WINDOW (wizard), entry));
  g_assert_true (sk_app_test_type_text (GTK_WINDOW (wizard), "13900139000"));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
  g_assert_null (find_message_dialog ());
  g_assert_true (case_open (f));

  /* Finish: a confirmation naming what moves; Enter and Escape cancel. */
  for (guint key = 0; key < 2; key++)
    {
      g_assert_true (tab_to (GTK_WINDOW (wizard), next_button));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
      g_assert_true (sk_app_test_wait (has_message_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
      dialog = find_message_dialog ();
      if (key == 0)
        sk_app_test_screenshot ("recovery-confirm");
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "3 bindings move from +86 13800138000 to 13900139000"));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "+86 13800138000 will be marked cancelled"));
      g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
      g_assert_true (sk_app_test_press_key (GTK_WINDOW (dialog), key == 0 ? GDK_KEY_Return : GDK_KEY_Escape, 0));
      g_assert_true (sk_app_test_wait (no_message_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
      g_assert_true (case_open (f));
      g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_CLOSE);
    }

  /* Chosen on purpose: Tab to "Move and Retire", then Space. */
  g_assert_true (tab_to (GTK_WINDOW (wizard), next_button));
  g_assert_true (sk_app_test_press_key (GTK_WINDOW (wizard), GDK_KEY_Return, 0));
  g_assert_true (sk_app_test_wait (has_message_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
  dialog = find_message_dialog ();
  for (guint i = 0; i < 4 && case_open (f); i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

      if (GTK_IS_BUTTON (focus) && gtk_widget_has_css_class (focus, "destructive"))
        g_assert_true (sk_app_test_press_key (GTK_WINDOW (dialog), GDK_KEY_space, 0));
      else
        g_assert_true (sk_app_test_press_key (GTK_WINDOW (dialog), GDK_KEY_Tab, 0));
    }
  sk_app_test_run_for (200);
  g_assert_false (case_open (f));
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_cmpint (sk_identity_get_status (sk_inventory_lookup_identity (vault_of (f), phone_uuid)), ==,
                   SK_IDENTITY_CANCELLED);

  /* The toast's Undo brings it all back. */
  {
    GtkLabel *label = sk_app_test_find_label (f->window, "Recovery closed: 3 bindings moved");
    GtkWidget *toast_widget, *undo = NULL;
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    g_assert_nonnull (label);
    /* Said to screen readers too. */
    g_assert_true (g_str_has_prefix (sk_app_test_status_text (f->window), "Recovery closed: 3 bindings moved"));
    toast_widget = GTK_WIDGET (label);
    while (toast_widget != NULL && g_strcmp0 (gtk_widget_get_css_name (toast_widget), "toast") != 0)
      toast_widget = gtk_widget_get_parent (toast_widget);
    g_assert_nonnull (toast_widget);
    collect (toast_widget, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Undo") == 0)
        undo = buttons->pdata[i];
    g_assert_nonnull (undo);
    gtk_widget_activate (undo);
    g_assert_true (sk_app_test_wait ((SkAppTestCondition) case_open, f, SK_APP_TEST_MAX_WAIT_MS));
  }
  g_assert_true (case_open (f));
  g_assert_cmpint (sk_identity_get_status (sk_inventory_lookup_identity (vault_of (f), phone_uuid)), ==,
                   SK_IDENTITY_LOST);
  g_assert_cmpuint (g_list_model_get_n_items (sk_inventory_get_identity_bindings (vault_of (f), phone_uuid)), ==, 3);
  sk_app_test_wait_saved (f->window);
  sk_app_test_close_window (f->window);
}

/* While a recovery is under way, the main window says so under its
 * pages, with how many accounts are done and "Continue". */
static void
test_banner (Fixture       *f,
             gconstpointer  data)
{
  GtkRevealer *banner = sk_app_test_child (f->window, SK_TYPE_WINDOW, "recovery_banner");
  GtkLabel *label = sk_app_test_child (f->window, SK_TYPE_WINDOW, "recovery_label");
  const char *lost[] = { f->phone_uuid, NULL };
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *wizard;
  const char *none[] = { NULL };

  g_assert_false (gtk_revealer_get_reveal_child (banner));
  recovery = sk_recovery_start (vault_of (f), lost, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  sk_app_test_flush ();
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (label), "Recovery under way — "));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (label), " of 3 accounts done"));
  sk_app_test_screenshot ("banner");

  /* Also over the inventory. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  sk_app_test_flush ();
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-accounts", NULL));

  /* Continue: the wizard, where the recovery stands. */
  sk_app_test_run_for (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover", NULL));
  sk_app_test_run_for (200);
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (SK_RECOVERY_WIZARD (wizard)), ==, SK_WIZARD_PAGE_AFFECTED);
  close_wizard (SK_RECOVERY_WIZARD (wizard));

  /* Closed: gone. */
  g_assert_true (sk_recovery_close (vault_of (f), recovery->uuid, none, 7, g_get_real_time (), NULL, &error));
  g_assert_no_error (error);
  sk_app_test_flush ();
  g_assert_false (gtk_revealer_get_reveal_child (banner));
}

static SkAccount *
add_no_code (SkVault    *vault,
             const char *issuer,
             const char *phone_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;
  SkAccount *account = sk_account_new_without_code (SK_PROTECTION_SMS);

  sk_account_set_issuer (account, issuer);
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  binding = sk_inventory_bind (vault, sk_account_get_uuid (account), phone_uuid, SK_ROLE_SECURITY_PHONE,
                               NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  return account;
}

/* The emergency and appeal steps name the concrete channel: the user's
 * own hotline for 微信, the directory's for 支付宝, with a button that
 * copies the number. */
static void
test_channels (Fixture       *f,
               gconstpointer  data)
{
  SkVault *vault = vault_of (f);
  SkAccount *wechat = add_no_code (vault, "微信", f->phone_uuid);
  SkAccount *alipay = add_no_code (vault, "支付宝", f->phone_uuid);
  SkSupportInfo own = { 0 };
  SkRecoveryWizard *wizard;
  g_autofree char *name = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *button;

  own.account_uuid = (char *) sk_account_get_uuid (wechat);
  own.phone = (char *) "0755-86013860";
  sk_inventory_set_support (vault, &own, g_get_real_time ());
  sk_app_test_run_for (100);

  sk_app_test_screenshot ("codes-list");
  wizard = open_wizard (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_named (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON,
                                                             f->phone_uuid)), TRUE);
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_STEPS);

  sk_app_test_screenshot ("recovery-steps");
  /* 支付宝: no contact of the user's own, the directory's hotline. */
  name = g_strdup_printf ("channel:%s:freeze", sk_account_get_uuid (alipay));
  button = find_named (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, name);
  g_assert_nonnull (button);
  g_assert_nonnull (sk_app_test_find_label (wizard, "95188"));
  g_signal_emit_by_name (button, "clicked");
  sk_app_test_run_for (100);
  copied = sk_app_test_clipboard_text (GTK_WIDGET (wizard));
  g_assert_cmpstr (copied, ==, "95188");
  /* The toast is said to screen readers too. */
  g_assert_cmpstr (sk_app_test_status_text (wizard), ==, "Number copied");
  g_clear_pointer (&copied, g_free);
  g_clear_pointer (&name, g_free);

  /* 微信: the user's own number first. */
  name = g_strdup_printf ("channel:%s:freeze", sk_account_get_uuid (wechat));
  button = find_named (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, name);
  g_assert_nonnull (button);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (button), "number"), ==, "0755-86013860");
  g_signal_emit_by_name (button, "clicked");
  sk_app_test_run_for (100);
  copied = sk_app_test_clipboard_text (GTK_WIDGET (wizard));
  g_assert_cmpstr (copied, ==, "0755-86013860");
  g_clear_pointer (&name, g_free);

  /* The ways back end with where to appeal. */
  next (wizard);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_WAYS);
  name = g_strdup_printf ("channel:%s:appeal", sk_account_get_uuid (alipay));
  g_assert_nonnull (find_named (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, name));
  sk_app_test_screenshot ("recovery-ways");
  /* The rest of the way, for screenshots (SPAREKEY_TEST_SHOTS). */
  next (wizard);
  sk_app_test_screenshot ("recovery-evidence");
  next (wizard);
  sk_app_test_screenshot ("recovery-letter");
  next (wizard);
  sk_app_test_screenshot ("recovery-close-page");
  close_wizard (wizard);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add ("/sparekey/app/recovery/wizard", Fixture, NULL,
              fixture_set_up, test_wizard, fixture_tear_down);
  g_test_add ("/sparekey/app/recovery/from-lost-identity", Fixture, NULL,
              fixture_set_up, test_from_lost_identity, fixture_tear_down);
  g_test_add ("/sparekey/app/recovery/channels", Fixture, NULL,
              fixture_set_up, test_channels, fixture_tear_down);
  g_test_add ("/sparekey/app/recovery/kit", Fixture, NULL,
              fixture_set_up, test_kit, fixture_tear_down);
  g_test_add_func ("/sparekey/app/recovery/keyboard-only", test_keyboard_only);
  g_test_add ("/sparekey/app/recovery/banner", Fixture, NULL,
              fixture_set_up, test_banner, fixture_tear_down);
  g_test_add ("/sparekey/app/recovery/show-after-unlock", Fixture, NULL,
              fixture_set_up, test_show_recovery_after_unlock, fixture_tear_down);
  return g_test_run ();
}
