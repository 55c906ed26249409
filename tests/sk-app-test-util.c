/* sk-app-test-util.c: helpers for the GUI tests (real widgets under Xvfb)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#ifdef SK_APP_TEST_HAVE_X11
#include <gdk/x11/gdkx.h>
#endif
#ifdef SK_APP_TEST_HAVE_XTEST
#include <X11/extensions/XTest.h>
#endif

#include "sk-app-util.h"
#include "sk-app-test-util.h"
#include "sk-test-util.h"
#include "sk-unlock-page.h"

static SkApplication *test_app;

/* GTK 4.8 warns when a window holding a focused text entry goes away
 * under Xvfb (no window manager sends the focus-out): not our bug, so
 * that one message is dropped; everything else goes to GLib's writer
 * (where warnings stay fatal in tests). */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
        strstr (fields[i].value, "did not receive a focus-out event") != NULL)
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

SkApplication *
sk_app_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_log_set_writer_func (log_writer, NULL, NULL);
  g_setenv ("SPAREKEY_KDF_TEST", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
  /* Screenshots in another language (LANGUAGE=zh_CN with
   * SPAREKEY_TEST_SHOTS): the app's translations. The tests themselves
   * run untranslated. */
  if (g_getenv ("SPAREKEY_TEST_SHOTS") != NULL && g_getenv ("LANGUAGE") != NULL)
    sk_app_init_i18n ();

  if (!sk_core_init (&error))
    g_error ("sk_core_init: %s", error->message);

  gtk_init ();
  adw_init ();

  test_app = sk_application_new ();
  g_application_set_flags (G_APPLICATION (test_app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (test_app), NULL, &error))
    g_error ("Registering the application failed: %s", error->message);
  /* Keep it alive without g_application_run(). */
  g_application_hold (G_APPLICATION (test_app));

  return test_app;
}

gboolean
sk_app_test_wait (SkAppTestCondition condition,
                  gpointer           user_data,
                  guint              timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      /* Never block for long: timers and threads wake us anyway. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
sk_app_test_run_for (guint ms)
{
  sk_app_test_wait (never, NULL, ms);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

SkWindow *
sk_app_test_open_window (const char *vault_path)
{
  SkWindow *window;

  g_setenv ("SPAREKEY_VAULT", vault_path, TRUE);
  window = sk_window_new (GTK_APPLICATION (test_app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sk_app_test_wait (is_mapped, window, SK_APP_TEST_MAX_WAIT_MS));
  return window;
}

void
sk_app_test_close_window (SkWindow *window)
{
  sk_window_lock (window);
  gtk_window_destroy (GTK_WINDOW (window));
  sk_app_test_run_for (50);
}

gpointer
sk_app_test_child (gpointer    widget,
                   GType       type,
                   const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  /* The window makes its pages when needed: "accounts_page" is the
   * "accounts" page. */
  if (child == NULL && SK_IS_WINDOW (widget) && type == SK_TYPE_WINDOW &&
      g_str_has_suffix (name, "_page"))
    {
      g_autofree char *page = g_strndup (name, strlen (name) - strlen ("_page"));

      child = G_OBJECT (sk_window_get_page (widget, page));
    }
  g_assert_nonnull (child);
  return child;
}

void
sk_app_test_make_vault (const char *path,
                        const char *password,
                        guint       n_accounts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  SkKdfParams kdf;

  sk_kdf_params_minimum (&kdf);
  store = sk_store_create (path, password, &kdf, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_accounts; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/Issuer%%20%u:user%%20%u"
                                              "?secret=JBSWY3DPEHPK3PXP%c&issuer=Issuer%%20%u",
                                              i, i, 'A' + (i % 26), i);
      g_autofree char *tag = g_strdup_printf ("tag-%u", i % 10);
      const char *tags[] = { tag, NULL };
      SkAccount *account = sk_account_new_from_uri (uri, &error);

      g_assert_no_error (error);
      sk_account_set_tags (account, tags);
      g_ptr_array_add (accounts, account);
    }
  if (n_accounts > 0)
    sk_vault_add_accounts (sk_store_get_vault (store), (SkAccount **) accounts->pdata, accounts->len);
  sk_store_save (store, &error);
  g_assert_no_error (error);
}

typedef struct {
  SkWindow     *window;
  GtkWidget    *error_label;
} UnlockWait;

static gboolean
unlock_finished (gpointer data)
{
  UnlockWait *wait = data;

  return g_strcmp0 (sk_window_get_page_name (wait->window), "accounts") == 0 ||
         gtk_widget_get_visible (wait->error_label);
}

gboolean
sk_app_test_unlock (SkWindow   *window,
                    const char *password)
{
  SkUnlockPage *page = sk_app_test_child (window, SK_TYPE_WINDOW, "unlock_page");
  GtkEditable *entry = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "password_row");
  GtkWidget *button = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "unlock_button");
  UnlockWait wait = { window, sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "error_label") };

  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");
  gtk_editable_set_text (entry, password);
  gtk_widget_activate (button);
  g_assert_true (sk_app_test_wait (unlock_finished, &wait, SK_APP_TEST_MAX_WAIT_MS));
  if (gtk_widget_get_visible (wait.error_label))
    g_test_message ("Unlock failed: %s", gtk_label_get_text (GTK_LABEL (wait.error_label)));
  return g_strcmp0 (sk_window_get_page_name (window), "accounts") == 0;
}

gboolean
sk_app_test_move_pointer (GtkWindow *window,
                          int        x,
                          int        y)
{
#ifdef SK_APP_TEST_HAVE_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  Display *xdisplay;

  if (surface == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;
  xdisplay = gdk_x11_display_get_xdisplay (display);
  /* Warping makes the server send the same events as a moved mouse. */
  XWarpPointer (xdisplay, None, gdk_x11_surface_get_xid (surface), 0, 0, 0, 0, x, y);
  XFlush (xdisplay);
  return TRUE;
#else
  return FALSE;
#endif
}

#ifdef SK_APP_TEST_HAVE_XTEST
static void
fake_key (Display *xdisplay,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);

  if (code != 0)
    XTestFakeKeyEvent (xdisplay, code, press, CurrentTime);
}
#endif

gboolean
sk_app_test_press_key (GtkWindow       *window,
                       guint            keyval,
                       GdkModifierType  mods)
{
#if defined (SK_APP_TEST_HAVE_X11) && defined (SK_APP_TEST_HAVE_XTEST)
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  static const struct { GdkModifierType mod; KeySym keysym; } modifiers[] = {
    { GDK_SHIFT_MASK, XK_Shift_L }, { GDK_CONTROL_MASK, XK_Control_L }, { GDK_ALT_MASK, XK_Alt_L },
  };
  Display *xdisplay;
  int event, error, major, minor;

  if (surface == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;
  xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (xdisplay, &event, &error, &major, &minor))
    return FALSE;
  /* Without a window manager nobody moves the focus to a new window. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mod)
      fake_key (xdisplay, modifiers[i].keysym, TRUE);
  fake_key (xdisplay, keyval, TRUE);
  fake_key (xdisplay, keyval, FALSE);
  for (guint i = G_N_ELEMENTS (modifiers); i > 0; i--)
    if (mods & modifiers[i - 1].mod)
      fake_key (xdisplay, modifiers[i - 1].keysym, FALSE);
  XSync (xdisplay, False);
  sk_app_test_run_for (150);
  return TRUE;
#else
  return FALSE;
#endif
}

gboolean
sk_app_test_type_text (GtkWindow  *window,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!sk_app_test_press_key (window, gdk_unicode_to_keyval ((guchar) *p), 0))
      return FALSE;
  return TRUE;
}

/* With SPAREKEY_TEST_SHOTS=DIR, the screen as it is now goes to
 * DIR/@name.png (ImageMagick's import), to look at what a test saw. */
void
sk_app_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("SPAREKEY_TEST_SHOTS");
  g_autofree char *file = NULL;
  g_autofree char *display = NULL;

  if (dir == NULL)
    return;
  sk_app_test_run_for (500);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  display = g_strdup (g_getenv ("DISPLAY"));
  {
    const char *argv[] = { "import", "-display", display, "-window", "root", file, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

GtkLabel *
sk_app_test_find_label (gpointer    widget,
                        const char *needle)
{
  /* A live status line (sk_status_label_new()) is mapped but drawn
   * invisibly: it repeats what is on screen, it is not the thing seen. */
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      !gtk_widget_has_css_class (widget, "sk-status") &&
      strstr (gtk_label_get_text (widget), needle) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = sk_app_test_find_label (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

const char *
sk_app_test_status_text (gpointer widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "sk-status"))
    return gtk_label_get_text (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = sk_app_test_status_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

gpointer
sk_app_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

SkSession *
sk_app_test_session (gpointer widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (widget));

  g_assert (SK_IS_WINDOW (root));
  return sk_window_get_session (SK_WINDOW (root));
}

void
sk_app_test_flush (void)
{
  /* The session's ::changed idle runs at a high idle priority: a few
   * passes over what is pending are enough. */
  for (guint i = 0; i < 20 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
session_clean (gpointer user_data)
{
  SkVault *vault = sk_session_get_vault (user_data);

  /* Nothing left unsaved, and no save still on its way to the disk. */
  return vault == NULL || (!sk_vault_get_dirty (vault) && !sk_session_get_saving (user_data));
}

void
sk_app_test_wait_saved (gpointer widget)
{
  g_assert_true (sk_app_test_wait (session_clean, sk_app_test_session (widget),
                                   SK_APP_TEST_MAX_WAIT_MS));
}

typedef struct {
  gboolean  done;
  char     *text;
} ReadText;

static void
read_text_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReadText *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_finished (gpointer data)
{
  return ((ReadText *) data)->done;
}

char *
sk_app_test_clipboard_text (GtkWidget *widget)
{
  ReadText read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_done, &read);
  g_assert_true (sk_app_test_wait (read_finished, &read, SK_APP_TEST_MAX_WAIT_MS));
  return read.text;
}

/* Where a laid-out label starts a new line, the text must allow a line
 * break there: a break Pango made only because a word did not fit
 * (PANGO_WRAP_WORD_CHAR's fallback, drawn with a hyphen) cuts an address
 * or a name in two. */
static void
assert_label_wraps_between_words (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  const PangoLogAttr *attrs;
  int n_attrs;

  if (pango_layout_get_line_count (layout) < 2)
    return;
  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  for (GSList *l = pango_layout_get_lines_readonly (layout)->next; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      g_assert_cmpint (offset, <, n_attrs);
      if (!attrs[offset].is_line_break)
        g_error ("“%s” wraps inside a word, at “%s” (%d px wide)", text, text + line->start_index,
                 gtk_widget_get_width (GTK_WIDGET (label)));
    }
}

void
sk_app_test_assert_no_midword_wraps (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    assert_label_wraps_between_words (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sk_app_test_assert_no_midword_wraps (child);
}

/* Only across: a list taller than the window scrolls down, but nothing
 * may hide to the right of a narrow window. */
static void
assert_buttons_inside (GtkWidget *widget,
                       GtkWindow *window)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    {
      graphene_rect_t bounds;
      int width = gtk_widget_get_width (GTK_WIDGET (window));

      g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
      if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width + 0.5)
        g_error ("a %s (“%s”) lies at %.0f..%.0f of a window %d px wide", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_tooltip_text (widget) ? gtk_widget_get_tooltip_text (widget) : "",
                 bounds.origin.x, bounds.origin.x + bounds.size.width, width);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_buttons_inside (child, window);
}

void
sk_app_test_assert_buttons_inside (GtkWindow *window)
{
  assert_buttons_inside (GTK_WIDGET (window), window);
}

char *
sk_app_test_shown_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\u200b", -1);

  return g_strjoinv ("", parts);
}

void
sk_app_test_collect (GtkWidget *root,
                     GType      type,
                     GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        g_ptr_array_add (out, child);
      sk_app_test_collect (child, type, out);
    }
}

GtkWidget *
sk_app_test_find_named (GtkWidget  *root,
                        GType       type,
                        const char *name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  sk_app_test_collect (root, type, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (all->pdata[i]), name) == 0)
      return all->pdata[i];
  return NULL;
}
