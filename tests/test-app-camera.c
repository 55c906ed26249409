/* test-app-camera.c: scanning with the camera, over a pipeline fed from
 * pictures (SPAREKEY_CAMERA_TEST_PICTURE), so that GStreamer, the preview
 * and the decoding run headless
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include <gst/gst.h>

#include "sk-add-dialog.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-accounts-page.h"
#include "sk-camera.h"
#include "sk-test-util.h"

#define LINK "otpauth://totp/Example:bob%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"

typedef struct {
  char *dir;
  char *picture;
} Fixture;

/* A PNG of a QR code holding @text, as a phone would film a screen. */
static char *
make_picture (const char *dir,
              const char *name,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (text, &error);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  g_assert_true (sk_qr_save_png (code, path, 6, &error));
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sk_test_make_tmpdir ();
  f->picture = make_picture (f->dir, "link.png", LINK);
  g_setenv ("SPAREKEY_CAMERA_TEST_PICTURE", f->picture, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("SPAREKEY_CAMERA_TEST_PICTURE");
  sk_test_rm_rf (f->dir);
  g_free (f->picture);
  g_free (f->dir);
}

typedef struct {
  gboolean done;
  gboolean result;
} Check;

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;

  check->result = sk_camera_check_finish (result);
  check->done = TRUE;
}

static gboolean
check_finished (gpointer data)
{
  return ((Check *) data)->done;
}

static gboolean
camera_available (void)
{
  Check check = { FALSE, FALSE };

  sk_camera_check_async (NULL, check_done, &check);
  g_assert_true (sk_app_test_wait (check_finished, &check, SK_APP_TEST_MAX_WAIT_MS));
  return check.result;
}

static void
on_uri_found (SkCamera   *camera,
              const char *uri,
              char      **out)
{
  g_assert_null (*out);
  *out = g_strdup (uri);
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static GtkWindow *
window_with (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 400);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static GtkPicture *
preview_of (SkCamera *camera)
{
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (camera)));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_PICTURE (w))
      return GTK_PICTURE (w);
  g_assert_not_reached ();
}

/* The link in the picture comes out of the pipeline, once, and the
 * camera stops. */
static void
test_decode (Fixture       *f,
             gconstpointer  data)
{
  SkCamera *camera = sk_camera_new ();
  GtkWindow *window = window_with (GTK_WIDGET (camera));
  g_autofree char *found = NULL;

  g_assert_true (camera_available ());
  g_signal_connect (camera, "uri-found", G_CALLBACK (on_uri_found), &found);
  sk_camera_start (camera);
  g_assert_true (sk_camera_is_running (camera));
  g_assert_true (sk_app_test_wait (string_set, &found, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpstr (found, ==, LINK);
  g_assert_false (sk_camera_is_running (camera));
  g_assert_cmpstr (sk_camera_get_status (camera), ==, "QR code found");
  /* The frame that held the key is gone from the screen. */
  g_assert_null (gtk_picture_get_paintable (preview_of (camera)));
  gtk_window_destroy (window);
}

static gboolean
status_has (gpointer data)
{
  gpointer *args = data;

  return strstr (sk_camera_get_status (args[0]), args[1]) != NULL;
}

/* A QR code that is no authenticator link is said so, the preview shows
 * the camera's picture, and the camera goes on; stopping empties it. */
static void
test_other_code (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *other = make_picture (f->dir, "other.png", "https://example.com/setup");
  SkCamera *camera;
  GtkWindow *window;
  g_autofree char *found = NULL;
  GdkPaintable *shown;

  g_setenv ("SPAREKEY_CAMERA_TEST_PICTURE", other, TRUE);
  camera = sk_camera_new ();
  window = window_with (GTK_WIDGET (camera));
  g_signal_connect (camera, "uri-found", G_CALLBACK (on_uri_found), &found);
  sk_camera_start (camera);
  g_assert_true (sk_app_test_wait (status_has, (gpointer[]) { camera, (gpointer) "not an authenticator link" },
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_camera_is_running (camera));
  g_assert_null (found);
  shown = gtk_picture_get_paintable (preview_of (camera));
  g_assert_nonnull (shown);
  /* The picture as it came through videoconvert: the code's size with a
   * quiet zone, 6 pixels a module. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (shown), >, 21 * 6);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (shown), ==,
                   gdk_paintable_get_intrinsic_height (shown));

  sk_camera_stop (camera);
  g_assert_false (sk_camera_is_running (camera));
  g_assert_null (gtk_picture_get_paintable (preview_of (camera)));
  gtk_window_destroy (window);
}

/* A picture that is not one: the camera reports the error, nothing more. */
static void
test_broken_source (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *broken = g_build_filename (f->dir, "broken.png", NULL);
  SkCamera *camera;
  GtkWindow *window;

  g_assert_true (g_file_set_contents (broken, "not a picture", -1, NULL));
  g_setenv ("SPAREKEY_CAMERA_TEST_PICTURE", broken, TRUE);
  camera = sk_camera_new ();
  window = window_with (GTK_WIDGET (camera));
  sk_camera_start (camera);
  g_assert_true (sk_app_test_wait (status_has, (gpointer[]) { camera, (gpointer) "The camera stopped" },
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (sk_camera_is_running (camera));
  gtk_window_destroy (window);
}

/* Without the test picture and without a camera portal (the test's
 * private D-Bus session has none), there is no camera: the row stays
 * hidden. */
static void
test_no_camera (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *row;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow *window;

  g_unsetenv ("SPAREKEY_CAMERA_TEST_PICTURE");
  g_assert_false (camera_available ());
  row = sk_camera_row_new (GTK_EDITABLE (entry), cancellable);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), row);
  window = window_with (box);
  /* The row's own check has the same answer. */
  g_assert_false (camera_available ());
  sk_app_test_run_for (200);
  g_assert_false (gtk_widget_get_visible (row));
  gtk_window_destroy (window);
}


/* A camera portal of our own on the test's private D-Bus session, saying
 * whether a camera is present. */
static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Camera'>"
  "    <property name='IsCameraPresent' type='b' access='read'/>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static GVariant *
portal_get_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *path,
                     const char       *iface,
                     const char       *property,
                     GError          **error,
                     gpointer          user_data)
{
  if (g_str_equal (property, "IsCameraPresent"))
    return g_variant_new_boolean (*(gboolean *) user_data);
  return g_variant_new_uint32 (1);
}

static gboolean
name_owned (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
row_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* What the portal says decides: a camera present shows the row (where
 * GStreamer has pipewiresrc), none keeps it hidden. */
static void
test_portal (void)
{
  static const GDBusInterfaceVTable vtable = { NULL, portal_get_property, NULL };
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GstElementFactory) pipewiresrc = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean present = FALSE, owned = FALSE;
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *row;
  GtkWindow *window;
  guint object_id, name_id;

  g_unsetenv ("SPAREKEY_CAMERA_TEST_PICTURE");
  g_assert_nonnull (bus);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/portal/desktop",
                                                 node->interfaces[0], &vtable, &present, NULL, NULL);
  g_assert_cmpuint (object_id, >, 0);
  name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.portal.Desktop",
                                          G_BUS_NAME_OWNER_FLAGS_NONE, on_name_acquired, NULL,
                                          &owned, NULL);
  g_assert_true (sk_app_test_wait (name_owned, &owned, SK_APP_TEST_MAX_WAIT_MS));

  g_assert_false (camera_available ());
  present = TRUE;
  gst_init (NULL, NULL);
  pipewiresrc = gst_element_factory_find ("pipewiresrc");
  g_assert_cmpint (camera_available (), ==, pipewiresrc != NULL);

  row = sk_camera_row_new (GTK_EDITABLE (entry), cancellable);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), row);
  window = window_with (box);
  if (pipewiresrc != NULL)
    g_assert_true (sk_app_test_wait (row_shown, row, SK_APP_TEST_MAX_WAIT_MS));
  gtk_window_destroy (window);

  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
}

static SkAddDialog *
find_add_dialog (void)
{
  return sk_app_test_find_toplevel (SK_TYPE_ADD_DIALOG);
}

static GtkWidget *
find_expander (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
editable_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (gtk_editable_get_text (args[0]), args[1]) == 0;
}

/* Unlocks a new vault in @dir and opens the Add dialog; returns it, with
 * the window in @window and the camera row, once shown, in @row. */
static SkAddDialog *
open_add_dialog (const char  *dir,
                 SkWindow   **window,
                 GtkWidget  **row)
{
  g_autofree char *vault = g_build_filename (dir, "vault.sparekey", NULL);
  SkAccountsPage *page;
  SkAddDialog *dialog;

  sk_app_test_make_vault (vault, "pw", 1);
  *window = sk_app_test_open_window (vault);
  g_assert_true (sk_app_test_unlock (*window, "pw"));
  page = sk_app_test_child (*window, SK_TYPE_WINDOW, "accounts_page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "accounts.add", NULL));
  dialog = find_add_dialog ();
  g_assert_nonnull (dialog);
  *row = find_expander (GTK_WIDGET (dialog));
  g_assert_nonnull (*row);
  g_assert_true (sk_app_test_wait (widget_visible, *row, SK_APP_TEST_MAX_WAIT_MS));
  return dialog;
}

/* The Add dialog: "Scan with Camera" shows the preview, and the link it
 * finds goes into the link field, which fills in the form. */
static void
test_add_dialog (Fixture       *f,
                 gconstpointer  data)
{
  SkWindow *window;
  GtkWidget *row;
  SkAddDialog *dialog = open_add_dialog (f->dir, &window, &row);
  GtkEditable *uri = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "uri_row");
  GtkEditable *issuer = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_true (sk_app_test_wait (editable_is, (gpointer[]) { uri, (gpointer) LINK },
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_cmpstr (gtk_editable_get_text (issuer), ==, "Example");

  gtk_window_close (GTK_WINDOW (dialog));
  sk_app_test_close_window (window);
}

/* Saves @widget as drawn to SPAREKEY_TEST_SHOTS/@name.png. */
static void
save_widget (GtkWidget  *widget,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s/%s.png", g_getenv ("SPAREKEY_TEST_SHOTS"), name);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

/* A camera's view of a code it cannot read yet: the code of @path on a
 * grey background, a third of it covered. */
static char *
make_unreadable_picture (const char *dir,
                         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) code = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr(GdkPixbuf) view = NULL;
  char *out = g_build_filename (dir, "view.png", NULL);
  int w, h;

  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (code);
  h = gdk_pixbuf_get_height (code);
  view = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w * 2, h * 3 / 2);
  gdk_pixbuf_fill (view, 0x8a8f98ff);
  gdk_pixbuf_copy_area (code, 0, 0, w, h, view, w / 2, h / 4);
  {
    g_autoptr(GdkPixbuf) shade = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w / 3, h);

    gdk_pixbuf_fill (shade, 0x5e6470ff);
    gdk_pixbuf_copy_area (shade, 0, 0, w / 3, h, view, w, h / 4);
  }
  g_assert_true (gdk_pixbuf_save (view, out, "png", &error, NULL));
  g_assert_no_error (error);
  return out;
}

/* For the screenshots (SPAREKEY_TEST_SHOTS): the Add dialog with the
 * preview of a camera that sees a code it cannot read yet. */
static void
test_add_dialog_preview (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *view = make_unreadable_picture (f->dir, f->picture);
  SkWindow *window;
  SkAddDialog *dialog;
  GtkWidget *row;
  SkCamera *camera;

  if (g_getenv ("SPAREKEY_TEST_SHOTS") == NULL)
    {
      g_test_skip ("screenshots only (SPAREKEY_TEST_SHOTS=DIR)");
      return;
    }
  /* In the language of LANGUAGE, as the app would be. */
  sk_app_init_i18n ();
  g_setenv ("SPAREKEY_CAMERA_TEST_PICTURE", view, TRUE);
  dialog = open_add_dialog (f->dir, &window, &row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  camera = g_object_get_data (G_OBJECT (row), "sk-camera");
  g_assert_true (sk_app_test_wait (status_has, (gpointer[]) { camera, (gpointer) _("Point the camera at the QR code") },
                                   SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_run_for (1500);
  g_assert_true (sk_camera_is_running (camera));
  save_widget (GTK_WIDGET (dialog), "add-camera");
  gtk_window_close (GTK_WINDOW (dialog));
  sk_app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/camera/no-camera", test_no_camera);
  g_test_add_func ("/sparekey/app/camera/portal", test_portal);
  g_test_add ("/sparekey/app/camera/decode", Fixture, NULL, fixture_set_up, test_decode, fixture_tear_down);
  g_test_add ("/sparekey/app/camera/other-code", Fixture, NULL, fixture_set_up, test_other_code,
              fixture_tear_down);
  g_test_add ("/sparekey/app/camera/broken-source", Fixture, NULL, fixture_set_up, test_broken_source,
              fixture_tear_down);
  g_test_add ("/sparekey/app/camera/add-dialog", Fixture, NULL, fixture_set_up, test_add_dialog,
              fixture_tear_down);
  g_test_add ("/sparekey/app/camera/add-dialog-preview", Fixture, NULL, fixture_set_up,
              test_add_dialog_preview, fixture_tear_down);
  return g_test_run ();
}
