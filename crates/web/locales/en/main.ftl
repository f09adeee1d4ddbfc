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
