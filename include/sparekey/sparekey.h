/* sparekey.h: the Sparekey core library
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define SPAREKEY_INSIDE
#include <sparekey/sk-secret.h>
#include <sparekey/sk-base32.h>
#include <sparekey/sk-otp.h>
#include <sparekey/sk-otp-uri.h>
#include <sparekey/sk-migration.h>
#include <sparekey/sk-account.h>
#include <sparekey/sk-vault.h>
#include <sparekey/sk-key-slot.h>
#include <sparekey/sk-store.h>
#include <sparekey/sk-keyring.h>
#include <sparekey/sk-qr.h>
#include <sparekey/sk-recovery-codes.h>
#include <sparekey/sk-identity.h>
#include <sparekey/sk-binding.h>
#include <sparekey/sk-inventory.h>
#include <sparekey/sk-audit.h>
#include <sparekey/sk-recovery-plan.h>
#include <sparekey/sk-ways-back.h>
#include <sparekey/sk-kit.h>
#include <sparekey/sk-import.h>
#include <sparekey/sk-services.h>
#include <sparekey/sk-enum-types.h>
#undef SPAREKEY_INSIDE
