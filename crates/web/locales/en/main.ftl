## Layout
site-name = Mandat
site-tagline = Organizations' access to the online services of government departments and agencies
skip-to-content = Skip to main content
lang-switch = Français
lang-switch-label = Lire cette page en français
footer-about = Mandat lets organizations manage who may act for them in the online services of government departments and agencies, for which tasks, and until when.
footer-languages = Languages
main-navigation = Main navigation

## Home page
home-title = Manage your organization's access to online services
home-lead = Mandat brings together in one place enrollment in online services, access requests, procurations and the security administration of organizations.
home-officers-title = Security officers
home-officers-text = Request, grant, renew, limit and withdraw the access of the people who act for your organization, without ever losing control of its security file.
home-agencies-title = Departments and agencies
home-agencies-text = Approve enrollments in your services and ask Mandat, over standard protocols, who may do what for an organization right now.
home-central-title = Central security group
home-central-text = Issue registration codes, handle what officers may not do themselves, and answer for the whole.

## Errors
not-found-title = Page not found
not-found-text = The page you asked for does not exist or has moved. Check the address, or go back to the home page.
back-home = Back to the home page
error-title = Something went wrong
error-text = The service could not process your request, and nothing was changed. Try again in a few moments. If the problem persists, contact technical support and give them the reference number below.
error-reference = Reference number

## Fields
field-organization-name = Name or business name
field-address = Address
field-city = City
field-postal-code = Postal code
field-phone = Telephone
field-phone-extension = Extension
field-fax = Fax
field-neq = NEQ
field-education-number = Education ministry number
field-title = Title
field-last-name = Last name
field-first-name = First name
field-nas-partial = Partial SIN
field-email = Email address
field-profiles = Requested profile
field-agency-code = Agency code
field-service-code = Service code
field-task-code = Task code
field-name-fr = Name in French
field-name-en = Name in English
field-description-fr = Description in French
field-description-en = Description in English
field-contact-hours = Service hours
field-user-code = User code
field-password = Password
field-password-confirmation = Password confirmation

## Problems with a field's value
problem-required = The field “{ $field }” is required.
problem-too-long = The field “{ $field }” must not be longer than { $n } characters.
problem-digits = The field “{ $field }” must have exactly { $n } digits.
problem-postal-code = The field “{ $field }” must hold a Canadian postal code, for example G1R 4Z1.
problem-phone = The field “{ $field }” must hold a 10-digit telephone number, for example 418 646-7081.
problem-extension = The field “{ $field }” must have 1 to 6 digits.
problem-email = The field “{ $field }” must hold an email address, for example first.last@example.qc.ca.
problem-code = The field “{ $field }” may hold only unaccented letters, digits and hyphens, { $n } at most.
problem-not-a-choice = The field “{ $field }” must hold one of the choices offered.
problem-control-character = The field “{ $field }” holds a character that is not allowed.
problem-one-officer-profile = Tick only one of the profiles “Principal security officer” or “Auxiliary security officer”.
problem-one-extraction-choice = Tick “With extraction” or “Without extraction”, but not both.
problem-too-short = The field “{ $field }” must have at least { $n } characters.
problem-user-code-characters = The field “{ $field }” may hold only unaccented letters and digits.
problem-made-from-name = The user code must not be made of characters that identify you by your last or first name.
problem-password-composition = The password must contain at least one uppercase letter, one lowercase letter and one digit.
problem-contains-user-code = The password must not contain your user code.
problem-contains-name = The password must not contain your last or first name.
problem-mismatch = The field “{ $field }” does not match what you typed the first time.
problem-incorrect = The field “{ $field }” is not correct.
problem-same-as-before = The new password must differ from the current one.
problem-taken = This user code is already taken. Choose another one.
problem-date-range = The field “{ $field }” must hold a date after today and at most one year ahead (the longest access allowed is one year).
problem-date = The field “{ $field }” must hold a date, for example 2027-03-31.
problem-registration-code-format = The field “{ $field }” must hold the 12 letters and digits received by email, for example K7QM-2XPD-9WHT.
problem-not-current-code = The field “{ $field }” does not match the code your app shows now. Check that your device's time is right, then type the code shown.

field-current-password = Current password
field-second-factor-code = Multi-factor validation code
field-registration-code = Registration code
field-access-expires-on = Access expiry date
hint-registration-code = The code received by email, for example K7QM-2XPD-9WHT.
hint-nas-partial = The first six digits of your social insurance number.
hint-user-code = At least 6 unaccented letters or digits. It must not be made from your last or first name.
hint-second-factor-code = The 6 digits received by email or shown by your app, or a recovery code.
field-authenticator-code = Code shown by the app
hint-authenticator-code = The 6 digits your app shows for Mandat.

## Common
save = Save
continue = Continue
sign-out = Leave the application
error-summary-title = Please correct the following
forbidden-title = Access denied
forbidden-text = You do not have access to this page.
csrf-title = Form expired
csrf-text = This form has expired or comes from another site. Go back to the page, reload it and try again.
saved-title = Saved successfully
saved-confidentiality = You are responsible for keeping your user code and password confidential. Should their confidentiality be compromised, tell your organization's security officer as soon as possible, to prevent any fraudulent use of your identity. In that situation, it is recommended to deactivate your user code.
signed-out-title = You have left the application
signed-out-text = Your session has ended. Close your browser if you use a shared computer.
sign-in-again = Sign in again

## Sign-in
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-register-lead = Did you receive a registration code?
sign-in-register-link = Register.
sign-in-invalid = The user code or the password is invalid.
sign-in-inactive-title = Inactive user code
sign-in-inactive-text = Your user code is inactive. Contact your organization's security officer or the central security group.
second-factor-title = Multi-factor validation code
second-factor-lead = To finish signing in, ask for a multi-factor validation code. It will be sent to your email address; type it below.
second-factor-send = Receive a code by email
second-factor-submit = Validate
second-factor-code-sent = A code has been sent to you by email. It is valid for 10 minutes.
second-factor-invalid = The validation code is invalid or expired. Ask for a new one if needed.
second-factor-app-lead = Type the code shown by your authenticator app, or ask for a code by email.
second-factor-recovery = Have neither your email nor your app? Type one of your recovery codes.

## Authenticator app and recovery codes (E2)
authenticator-title = Authenticator app
authenticator-none = No authenticator app is linked to your user code. An app (for example Microsoft Authenticator, Google Authenticator or FreeOTP) saves you waiting for an email at each sign-in.
authenticator-active = An authenticator app is linked to your user code. You can still always receive a code by email.
authenticator-start = Link an app
authenticator-replace = Link another app
authenticator-remove = Remove the app
authenticator-scan = In your app, add an account by scanning this QR code.
authenticator-qr-label = QR code to scan with your authenticator app
authenticator-typed-key = Or type this key by hand:
authenticator-confirm-lead = Then type the code the app shows for Mandat, to confirm that it works.
authenticator-confirm = Confirm
authenticator-added = Your authenticator app is linked. Here are your recovery codes.
authenticator-removed = The authenticator app was removed.
recovery-title = Recovery codes
recovery-lead = A recovery code replaces the multi-factor validation code when you have neither your email nor your app. Each works once.
recovery-codes-left = { $count ->
    [0] You have no recovery codes left.
    [one] You have 1 recovery code left.
   *[other] You have { $count } recovery codes left.
}
recovery-renew = Create new codes
recovery-renew-warning = The new codes will replace the old ones, which will stop working.
recovery-codes-made = Here are your new recovery codes. The old ones no longer work.
recovery-codes-keep = Keep these codes somewhere safe, off your computer if you can. They will not be shown again.
recovery-codes-done = Back to the main menu

## Main menu
menu-title = Main menu
menu-central = Central security group
menu-authentication = Managing your authentication

## Password
password-title = Change your password
password-temporary = Your password is temporary. You must change it.
password-rules = The password has at least 10 characters, including an uppercase letter, a lowercase letter and a digit. It must contain neither your user code nor your last or first name.
password-once-a-day = You can change your password only once a day.

## Registration
registration-title = Registration – Registration code
registration-lead = Type the registration code received by email and the first six digits of your social insurance number.
registration-invalid = The registration code or the partial SIN is invalid.
registration-suspended = This registration code is suspended after several unsuccessful tries. Contact the central security group.
registration-used = This registration code has already been used. Sign in with your user code.
registration-replaced = A new registration code has been sent to you; use the latest one.
registration-expired = The four business days to use this code have passed. Contact the central security group, which can extend it by two business days after checking your identity.
identification-title = Identification sheet
identification-lead = Here is the information the central security group entered in your file.
identification-name = Name
identification-nas-confirmed = Verified
identification-organization = Organization
identification-corrections = If any of it is wrong, finish your registration, then ask the central security group to correct it.
registration-choice-title = Choosing your user code and password
registration-choice-lead = { $name }, choose your user code and your password. Type the password twice.

## Central
central-codes-title = Registration codes
central-organizations = Organizations
central-people = People of the organization
central-profile = Profile
central-registration-code = Registration code
central-action = Action
central-issue = Issue a code
central-extend = Extend by two business days
central-unknown-person = This person cannot be found.
central-has-account = { $name } already has a user code.
central-code-sent = { $name }'s registration code has been sent to { $email }. It is valid through { $date }.
central-nas-mismatch = The partial SIN does not match { $name }'s.
central-not-extendable = The partial SIN matches. { $name }'s code is neither expired nor suspended: nothing was extended.
central-code-extended = The partial SIN matches. { $name }'s code is extended through { $date }.
code-state-active = Active through { $date }
code-state-suspended = Suspended
code-state-expired = Expired
code-state-used = Used

## Deactivation
field-reason = Reason for deactivation
field-other-reason = Other reason for deactivation
hint-other-reason = Required if you choose “Other reason”.
cancel = Cancel
deactivation-title = Deactivation of your user code
deactivation-lead = Deactivate your user code when you change function or leave your job, for long or for good. Give your password and the reason for deactivation.
deactivation-choose = Choose a reason
deactivation-confirm = You asked to deactivate your user code. Do you still want to deactivate it?
deactivation-submit = Deactivate
deactivation-done = Your user code has been deactivated.
too-many-title = Too many attempts
too-many-text = Too many unsuccessful attempts were made from your computer. Wait 15 minutes before trying again.
identity-title = Your identification information
identity-expires-on = Expiry date of your user code
identity-password-changed = Last password change
identity-corrections = To correct your last name, first name, telephone, email address or partial SIN, or to change your profile, send a request to the central security group. A change of email address will be confirmed to you by email.
