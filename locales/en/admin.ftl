# The admin bot (staff only)
admin-not-staff = This bot is for the shop's staff only.
admin-admins-only = Only an admin can do that.
admin-button-stale = This button is no longer valid. Send /start.
admin-unknown = I did not understand that. Send /start for the dashboard.
admin-btn-home = 🏠 Dashboard
admin-btn-back = ⬅️ Back
admin-btn-chart = 📈 Chart
admin-btn-refresh = 🔄 Refresh
admin-btn-audit = 🧾 Audit log
admin-btn-staff = 👥 Staff
admin-btn-verify = ✅ Verify the chain
admin-btn-make-admin = Make admin
admin-btn-make-support = Make support
admin-btn-make-customer = Remove from staff
admin-role-admin = admin
admin-role-support = support
admin-role-customer = not staff
admin-dash-title = 📊 <b>Dashboard</b> · { $at }
admin-dash-today = Today
admin-dash-week = Last 7 days
admin-dash-period =
    <b>{ $title }</b>
    Sales: { $sales } ({ $orders } orders)
    Top-ups: { $topups } ({ $topup_count }) — { $gateways }
    New customers: { $customers }
    Refunds to wallets: { $refunds_wallet } ({ $refunds_wallet_count })
    Refunds to gateways: { $refunds_gateway } ({ $refunds_gateway_count })
admin-dash-active = Active subscriptions: { $count }
admin-dash-attention = ⚠️ { $count } item(s) need attention:
admin-dash-all-clear = ✅ Nothing needs attention.
admin-attn-lowstock = 📉 Low stock ({ $count })
admin-attn-manual = 📦 Manual orders waiting ({ $count })
admin-attn-held = ⏸ Payments held ({ $count })
admin-attn-unmatched = ❓ Unmatched payments ({ $count })
admin-attn-stuck = ⏳ Stuck top-ups ({ $count })
admin-attn-tickets = 💬 Open tickets ({ $count })
admin-list-lowstock = 📉 <b>Low stock</b>
admin-list-manual = 📦 <b>Manual orders waiting</b>
admin-list-held = ⏸ <b>Payments held</b>
admin-list-unmatched = ❓ <b>Unmatched payments</b>
admin-list-stuck = ⏳ <b>Stuck top-ups</b>
admin-list-tickets = 💬 <b>Open tickets</b>
admin-list-empty = Nothing here.
admin-line-lowstock = • { $product } (<code>{ $id }</code>): { $free } free, threshold { $threshold }
admin-line-order = • <code>{ $id }</code> · user { $user } · { $amount } · { $at }
admin-line-topup = • <code>{ $id }</code> · user { $user } · { $amount } via { $gateway } · { $reason } · { $at }
admin-line-event = • { $gateway } <code>{ $event }</code> · payment { $payment } · { $reason } · { $at }
admin-line-ticket = • <code>{ $id }</code> · user { $user } · { $at }: { $text }
admin-chart-drawing = Drawing the chart…
admin-chart-revenue = Top-ups per day, by gateway
admin-chart-customers = New customers per day
admin-chart-caption = 📈 The last { $days } days.
admin-staff-title = 👥 <b>Staff</b> ({ $count }). Add someone with /staff ID admin or /staff ID support.
admin-staff-usage = Use: /staff ID admin, /staff ID support or /staff ID remove
admin-staff-set = User { $id } is now: { $role }.
admin-staff-gone = That person is no longer staff.
admin-staff-member = { $name } (<code>{ $id }</code>): { $role }
admin-audit-title = 🧾 <b>Latest audit entries</b>
admin-audit-line = #{ $seq } · { $at } · { $actor } · { $action } · { $target }
admin-audit-ok = ✅ The audit chain is intact ({ $count } entries checked).
admin-audit-broken = 🚨 The audit chain is broken at entry { $seq }: { $problem }
admin-cmd-start = Dashboard
admin-cmd-chart = Chart of the last 30 days
admin-cmd-audit = Latest audit entries
admin-cmd-staff = Staff and roles
