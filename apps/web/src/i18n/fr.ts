import type { Messages } from './en.ts';

export const fr: Messages = {
  app: { name: 'Lifeline', tagline: 'Console support' },
  nav: {
    lookup: 'Recherche',
    outbox: "Boîte d'envoi",
    audit: "Journal d'audit",
    reports: 'Rapports',
    reviews: 'Revues',
    identityChecks: "Vérifications d'identité",
    alerts: 'Alertes',
    staff: 'Équipe',
    signOut: 'Se déconnecter',
    language: 'Langue',
    colorScheme: 'Mode sombre',
  },
  signIn: {
    title: 'Connexion à Lifeline',
    email: 'E-mail professionnel',
    password: 'Mot de passe',
    submit: 'Se connecter',
    expired: 'Votre session a pris fin. Reconnectez-vous pour reprendre où vous en étiez.',
    wrong: "L'e-mail ou le mot de passe est incorrect.",
    throttled: 'Trop de tentatives. Patientez 15 minutes puis réessayez.',
  },
  common: {
    loading: 'Chargement…',
    retry: 'Réessayer',
    error: 'Une erreur est survenue',
    errorReference: 'Référence {{requestId}}',
    empty: 'Rien pour le moment',
    copy: 'Copier',
    copied: 'Copié',
    cancel: 'Annuler',
    confirm: 'Confirmer',
    close: 'Fermer',
    next: 'Page suivante',
    notFound: "Cette page n'existe pas.",
    forbidden: 'Votre rôle ne permet pas d’ouvrir cette page.',
  },
  script: {
    identifier_not_found:
      "Je ne trouve pas de compte avec l'e-mail ou le nom d'utilisateur que vous m'avez donné. Pouvez-vous me l'épeler de nouveau, lettre par lettre ? Si vous avez pu vous inscrire avec une autre adresse ou un nom d'utilisateur, je peux aussi les rechercher.",
    purged:
      "Un compte associé à cette adresse a été fermé, et ses données ont été définitivement effacées le {{purgedAt}}, 120 jours après sa désactivation. Il ne reste rien que je puisse restaurer, j'en suis désolé. Vous pouvez tout à fait vous inscrire de nouveau avec la même adresse.",
    ambiguous_login:
      "Votre adresse e-mail est utilisée par plusieurs connexions, par exemple comme utilisateur principal de votre compte et comme membre de l'équipe d'un autre compte. À la connexion, notre système ne peut pas savoir quel compte vous visez, d'où l'erreur. Une fois votre identité vérifiée, je peux supprimer la connexion de membre d'équipe pour que votre adresse fonctionne de nouveau. Le titulaire de l'autre compte en sera informé et pourra vous inviter avec une autre adresse.",
    deactivated_reactivatable: {
      owner_cancelled:
        "Votre compte a été annulé le {{deactivatedAt}}. Nous conservons les comptes annulés pendant 120 jours et il vous reste {{daysLeft}} jours : je peux donc le réactiver maintenant, avec tous vos contacts, listes et campagnes tels qu'ils étaient. Je dois d'abord vérifier votre identité.",
      owner_request:
        "Votre compte a été désactivé à votre demande le {{deactivatedAt}}. Nous le conservons pendant 120 jours et il vous reste {{daysLeft}} jours : je peux donc le réactiver maintenant, avec tous vos contacts, listes et campagnes tels qu'ils étaient. Je dois d'abord vérifier votre identité.",
      non_payment:
        "Votre compte a été désactivé le {{deactivatedAt}} car un paiement est resté impayé pendant 90 jours. Je peux le réactiver dans les 120 jours qui suivent cette date, et il vous reste {{daysLeft}} jours ; tous vos contacts, listes et campagnes seront restaurés. Je dois d'abord vérifier votre identité.",
      trial_expired:
        "Votre période d'essai s'est terminée et le compte a été désactivé le {{deactivatedAt}}. Je peux le réactiver sur l'offre gratuite, avec tout ce que vous avez créé pendant l'essai, et il vous reste {{daysLeft}} jours pour le faire. Vous pourrez repasser à une offre payante quand vous le souhaitez. Je dois d'abord vérifier votre identité.",
    },
    deactivated_window_closed:
      "Votre compte a été désactivé le {{deactivatedAt}}. Nous pouvons restaurer un compte pendant 120 jours, et ce délai a pris fin le {{purgeAfter}} : le compte et ses données sont en cours d'effacement définitif. Je ne peux pas le réactiver, j'en suis désolé. Vous pouvez tout à fait créer un nouveau compte.",
    deactivated_terms:
      "Ce compte a été fermé en application de nos conditions d'utilisation, je ne peux donc pas le rouvrir d'ici. Si vous souhaitez que la décision soit réexaminée, je transmets votre demande à l'équipe qui traite ces cas, et elle vous contactera par e-mail.",
    login_locked: {
      temporary:
        "Votre connexion a été verrouillée pour votre protection après plusieurs mots de passe erronés. Elle se déverrouillera d'elle-même à {{lockedUntil}}. Une fois votre identité vérifiée, je peux la déverrouiller tout de suite et vous envoyer un lien pour choisir un nouveau mot de passe.",
      permanent:
        "Votre connexion est verrouillée après des mots de passe erronés répétés, et elle le restera jusqu'à ce qu'on la déverrouille pour vous ou que le mot de passe soit réinitialisé. Une fois votre identité vérifiée, je peux la déverrouiller et vous envoyer un lien pour choisir un nouveau mot de passe.",
    },
    identity_check_required: {
      not_started:
        "Votre compte est suspendu jusqu'à ce que nous puissions vérifier votre identité. L'e-mail que nous vous avons envoyé le {{placedAt}} explique comment transmettre vos documents. Une fois envoyés, une personne de notre équipe les vérifie, généralement sous 24 à 48 heures.",
      submitted:
        "Nous avons reçu vos justificatifs d'identité le {{submittedAt}}. Une personne de notre équipe les vérifie, et vous aurez une réponse par e-mail au plus tard le {{dueAt}}. Vous n'avez rien d'autre à faire pour le moment.",
      approved:
        'Votre identité a été confirmée. Je lève maintenant le blocage restant sur votre compte.',
      rejected:
        "Nous n'avons pas pu valider votre vérification d'identité. Un responsable d'équipe va examiner votre dossier et vous contactera pour vous dire quoi envoyer.",
    },
    suspicious_activity:
      "Pour votre sécurité, l'accès à votre compte est suspendu pendant que notre équipe sécurité l'examine. Je ne peux pas vous donner de détails par téléphone, mais un responsable va étudier votre dossier et vous recevrez un e-mail.",
    self_block:
      'Vous avez vous-même bloqué votre compte le {{placedAt}}. Une fois votre identité vérifiée, je peux lever ce blocage et vous pourrez vous reconnecter immédiatement.',
    limited_payment_failed:
      "Votre compte fonctionne toujours, mais il est limité depuis l'échec d'un paiement le {{paymentFailedAt}} : nous sommes au jour {{dayOfDunning}} sur 90. Vous pouvez vous connecter ; les fonctionnalités payantes sont suspendues. Nous tenterons de nouveau le paiement le {{nextRetryAt}}. Si le solde n'est pas réglé d'ici le {{deactivatesAt}}, le compte sera désactivé. Mettre à jour votre moyen de paiement dans Facturation règle la situation immédiatement.",
    username_login: {
      contact_email:
        "Ce compte se connecte avec un nom d'utilisateur et non avec une adresse e-mail. Saisissez votre nom d'utilisateur sur la page de connexion ; je peux vous le rappeler une fois votre identité vérifiée.",
      username:
        "Ce compte se connecte avec le nom d'utilisateur {{username}}, et non avec une adresse e-mail. Saisissez exactement ce nom d'utilisateur sur la page de connexion.",
    },
    recent_credential_change:
      'Votre mot de passe a été modifié le {{changedAt}}. Votre navigateur utilise peut-être encore les anciennes informations : videz son cache et ses cookies, puis connectez-vous avec le nouveau mot de passe.',
    no_blocker_found:
      "Je ne vois rien qui bloque votre compte : le mot de passe est la cause la plus probable. Je vous envoie, à l'adresse e-mail enregistrée, un lien pour choisir un nouveau mot de passe ; il fonctionne une seule fois, pendant une heure.",
    extra: {
      limitedAfter:
        'Le solde impayé reste dû : le compte reviendra donc en mode limité. Mettez à jour votre moyen de paiement après vous être connecté.',
      overdue:
        "La vérification prend plus de temps que promis ; je l'ai signalée à mon responsable.",
    },
  },
  reason: {
    UNAUTHENTICATED: 'Votre session a pris fin : reconnectez-vous.',
    FORBIDDEN_ROLE: 'Votre rôle ne permet pas cette action.',
    INVALID_INPUT: "Une saisie n'a pas été acceptée.",
    NOT_FOUND: 'Introuvable : il a peut-être été modifié ou supprimé.',
    VERIFICATION_REQUIRED: "Vérifiez d'abord l'identité de l'appelant.",
    VERIFICATION_EXPIRED: "La vérification a expiré (15 minutes) : vérifiez de nouveau l'appelant.",
    VERIFICATION_LOCKED:
      'La vérification est bloquée pour ce compte après 3 échecs : réessayez plus tard.',
    STAFF_THROTTLED: 'Trop de vérifications échouées de votre part : un responsable a été alerté.',
    WINDOW_CLOSED: 'Le délai de 120 jours est dépassé : le compte ne peut plus être réactivé.',
    NOT_REACTIVATABLE: 'Ce compte ne peut pas être réactivé depuis la console.',
    NOT_DEACTIVATED: "Le compte n'est pas désactivé.",
    NOT_TEAM_MEMBER: "Seule une connexion de membre d'équipe peut être détachée.",
    BLOCK_NOT_LIFTABLE: 'Ce blocage ne peut pas être levé de cette façon.',
    RATE_LIMITED: 'Limite atteinte : réessayez plus tard.',
    VERSION_CONFLICT: "Quelqu'un vient de modifier ce compte : l'affichage montre l'état à jour.",
  },
};
